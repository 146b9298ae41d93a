//! Benchmark: rank 5,000 JumpCloud organizations against 10,000 ConnectWise companies.
//! `cargo bench -p highwater-engine --bench suggest` prints the index build time, the ranking
//! time, and — for scale — a brute-force full comparison of a sample, extrapolated.

use std::hint::black_box;
use std::time::{Duration, Instant};

use highwater_engine::suggest::{normalize_name, CompanyIndex, CompanyRef, OrgRef, Verdict};

const COMPANIES: usize = 10_000;
const ORGS: usize = 5_000;
const RUNS: usize = 5;

const WORDS: &[&str] = &[
    "acme",
    "apex",
    "atlas",
    "aurora",
    "beacon",
    "birch",
    "blue",
    "bright",
    "summit",
    "canyon",
    "cascade",
    "cedar",
    "central",
    "harbor",
    "clear",
    "coastal",
    "cobalt",
    "compass",
    "copper",
    "crest",
    "crystal",
    "delta",
    "eagle",
    "echo",
    "emerald",
    "evergreen",
    "falcon",
    "first",
    "frontier",
    "global",
    "golden",
    "granite",
    "green",
    "harvest",
    "highland",
    "horizon",
    "iron",
    "keystone",
    "lake",
    "legacy",
    "liberty",
    "lighthouse",
    "lincoln",
    "maple",
    "meridian",
    "metro",
    "midwest",
    "mountain",
    "national",
    "north",
    "oak",
    "ocean",
    "orchid",
    "pacific",
    "peak",
    "pine",
    "pinnacle",
    "pioneer",
    "prairie",
    "premier",
    "prime",
    "quantum",
    "red",
    "ridge",
    "river",
    "rock",
    "royal",
    "sage",
    "sierra",
    "silver",
    "smith",
    "south",
    "spring",
    "star",
    "sterling",
    "stone",
    "sun",
    "superior",
    "titan",
    "trinity",
    "union",
    "united",
    "valley",
    "vanguard",
    "vertex",
    "vista",
    "west",
    "willow",
    "wood",
    "o'brien",
    "müller",
    "jones",
    "garcia",
    "nguyen",
    "patel",
    "kim",
    "johnson",
    "williams",
    "brown",
    "miller",
];
const KINDS: &[&str] = &[
    "dental",
    "medical",
    "law",
    "accounting",
    "construction",
    "logistics",
    "consulting",
    "engineering",
    "realty",
    "insurance",
    "systems",
    "solutions",
    "services",
    "group",
    "partners",
    "holdings",
    "industries",
    "technologies",
    "labs",
    "foods",
    "motors",
    "clinic",
    "school",
    "church",
    "bank",
    "credit union",
    "architects",
    "design",
    "media",
    "marketing",
];
const SUFFIXES: &[&str] = &[
    "",
    "",
    "",
    " Inc",
    " Inc.",
    " LLC",
    " L.L.C.",
    " Ltd",
    " Corp",
    " Corporation",
    " Co.",
    " PLC",
    " GmbH",
    " Pty Ltd",
    ", Inc.",
];

/// A tiny deterministic generator (xorshift), so every run ranks the same names.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

fn title(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn company_name(rng: &mut Rng) -> String {
    let first = title(rng.pick(WORDS));
    let middle = if rng.next() % 3 == 0 {
        format!(" {} &", title(rng.pick(WORDS)))
    } else {
        String::new()
    };
    format!(
        "{first}{middle} {}{}",
        title(rng.pick(KINDS)),
        rng.pick(SUFFIXES)
    )
}

/// An organization name as an admin might have typed it in JumpCloud: the company's name with
/// another suffix, other case, "and" for "&", a dropped letter — or an unrelated name.
fn org_name(rng: &mut Rng, companies: &[CompanyRef]) -> String {
    let base = &companies[(rng.next() % companies.len() as u64) as usize].name;
    match rng.next() % 5 {
        0 => base.to_uppercase(),
        1 => format!("{} LLC", normalize_name(base)),
        2 => base.replace('&', "and"),
        3 => {
            let mut chars: Vec<char> = base.chars().collect();
            let at = 1 + (rng.next() % (chars.len() as u64 - 1)) as usize;
            chars.remove(at);
            chars.into_iter().collect()
        }
        _ => company_name(rng),
    }
}

fn main() {
    let mut rng = Rng(0x5eed_1234_abcd_9876);
    let companies: Vec<CompanyRef> = (0..COMPANIES)
        .map(|i| CompanyRef {
            id: i as i64 + 1,
            identifier: format!("C{i:05}"),
            name: company_name(&mut rng),
        })
        .collect();
    let orgs: Vec<OrgRef> = (0..ORGS)
        .map(|i| OrgRef {
            id: format!("org-{i}"),
            name: org_name(&mut rng, &companies),
        })
        .collect();

    let mut build_times = Vec::new();
    let mut rank_times = Vec::new();
    let mut last = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let index = CompanyIndex::build(companies.iter().cloned());
        build_times.push(started.elapsed());

        let started = Instant::now();
        last = black_box(index.suggest_all(&orgs, 5));
        rank_times.push(started.elapsed());
    }
    let count = |verdict: Verdict| last.iter().filter(|s| s.verdict == verdict).count();
    println!("suggest: {ORGS} orgs x {COMPANIES} companies, {RUNS} runs (min / median)");
    println!("  build index      {}", figures(&mut build_times));
    println!("  rank all orgs    {}", figures(&mut rank_times));
    println!(
        "  verdicts         clear {}, ambiguous {}, no match {}",
        count(Verdict::Clear),
        count(Verdict::Ambiguous),
        count(Verdict::NoMatch)
    );

    // For scale: comparing every org with every company (the 50M comparisons the index avoids),
    // measured on a sample and extrapolated.
    let sample = 50;
    let normalized: Vec<String> = companies.iter().map(|c| normalize_name(&c.name)).collect();
    let started = Instant::now();
    for org in orgs.iter().take(sample) {
        let name = normalize_name(&org.name);
        let best = normalized
            .iter()
            .map(|c| strsim::jaro_winkler(&name, c) + strsim::normalized_levenshtein(&name, c))
            .fold(0.0_f64, f64::max);
        black_box(best);
    }
    let per_org = started.elapsed() / sample as u32;
    println!(
        "  brute force      {:.1} ms per org, ~{:.1} s for all {ORGS} (extrapolated from {sample})",
        ms(per_org),
        per_org.as_secs_f64() * ORGS as f64
    );
}

fn figures(times: &mut [Duration]) -> String {
    times.sort();
    format!(
        "{:8.1} ms / {:8.1} ms",
        ms(times[0]),
        ms(times[times.len() / 2])
    )
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
