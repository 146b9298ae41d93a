//! What a command prints: one JSON document for `--json`, plain lines otherwise, and the exit
//! code (0 done, 1 some items failed).

use std::io::Write;

use serde::Serialize;

/// A finished command's output.
pub struct Report {
    /// The JSON document, in the view's field order.
    pub json: String,
    pub text: String,
    /// Set when some items failed (exit code 1): the sentence for stderr.
    pub some_failed: Option<String>,
}

impl Report {
    /// `value` as the JSON document, `text` for people.
    pub fn new(value: &impl Serialize, text: String) -> Self {
        Self {
            json: to_json(value),
            text,
            some_failed: None,
        }
    }

    /// A listing: `items` as the JSON array, and for people a table with one `row` per item.
    pub fn table<T: Serialize>(
        items: &[T],
        header: &[&str],
        row: impl Fn(&T) -> Vec<String>,
    ) -> Self {
        Self::new(&items, table(header, items.iter().map(row).collect()))
    }

    /// Writes the JSON document or the text to stdout.
    pub fn print(&self, json: bool) {
        if json {
            print_stdout(&self.json);
        } else if !self.text.is_empty() {
            print_stdout(self.text.trim_end());
        }
    }
}

/// Pretty JSON. Views are plain data, so this cannot fail; if it ever did, say so as JSON
/// rather than panic.
pub fn to_json(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value)
        .unwrap_or_else(|e| format!("{{\"error\": {{\"message\": \"unprintable output: {e}\"}}}}"))
}

/// One line on stdout. A closed pipe (`| head`) is not worth a panic.
pub fn print_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}").and_then(|()| out.flush());
}

/// Lines of a table: each row's cells separated by two spaces, columns aligned.
pub fn table(header: &[&str], rows: Vec<Vec<String>>) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    let line = |cells: Vec<String>| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                text.push_str(cell);
            } else {
                text.push_str(&format!("{cell:<width$}  ", width = widths[i]));
            }
        }
        text.trim_end().to_owned()
    };
    let mut out = vec![line(header.iter().map(|h| (*h).to_owned()).collect())];
    out.extend(rows.into_iter().map(line));
    out.join("\n")
}
