//! Walking a list endpoint page by page. Follows `Link: rel="next"` (an empty or next-less Link
//! means done); a server that omits Link entirely is paged until a short page.

use std::marker::PhantomData;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use url::Url;

use crate::classify::decode;
use crate::error::Result;
use crate::retry::Method;
use crate::target::Target;
use crate::transport::Transport;

/// ConnectWise's maximum page size.
pub const PAGE_SIZE: usize = 1000;

/// A cursor over the pages of one list request.
pub struct Pages<T> {
    transport: Arc<Transport>,
    next: Option<Target>,
    page: u32,
    _rows: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> Pages<T> {
    pub(crate) fn new(
        transport: Arc<Transport>,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<Self> {
        let target = page_url(&transport, path, query, 1)?;
        Ok(Self {
            transport,
            next: Some(target),
            page: 1,
            _rows: PhantomData,
        })
    }

    /// The next page's rows, or `None` when the list is exhausted.
    pub async fn next_page(&mut self) -> Result<Option<Vec<T>>> {
        let Some(target) = self.next.take() else {
            return Ok(None);
        };
        let reply = self.transport.send(Method::Get, target, None).await?;
        // Followed from where the page really came from (a moved codebase gives a new base).
        let sent = &reply.target;
        let rows: Vec<T> = decode(200, &reply.body)?;
        let link = reply
            .headers
            .get("link")
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        self.next = match link {
            Some(header) => crate::link::next(&header).and_then(|next| self.follow(sent, &next)),
            None if rows.len() >= PAGE_SIZE => {
                Some(sent.with_url(with_page(&sent.url, self.page + 1)))
            }
            None => None,
        };
        self.page += 1;
        Ok(Some(rows))
    }

    /// Uses the server's next URL only on the same origin (the keys must not travel elsewhere);
    /// otherwise asks for the following page number on our own URL.
    fn follow(&self, current: &Target, next: &str) -> Option<Target> {
        let url = match current.url.join(next) {
            Ok(u) if u.origin() == current.url.origin() => u,
            _ => with_page(&current.url, self.page + 1),
        };
        Some(current.with_url(url))
    }
}

fn page_url(
    transport: &Transport,
    path: &str,
    query: &[(&str, String)],
    page: u32,
) -> Result<Target> {
    let mut q: Vec<(&str, String)> = query.to_vec();
    q.push(("pageSize", PAGE_SIZE.to_string()));
    q.push(("page", page.to_string()));
    transport.url(path, &q)
}

fn with_page(url: &Url, page: u32) -> Url {
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !k.eq_ignore_ascii_case("page"))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut out = url.clone();
    out.query_pairs_mut()
        .clear()
        .extend_pairs(pairs)
        .append_pair("page", &page.to_string());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_page_replaces_page_last() {
        let u = Url::parse("http://h/x?conditions=a%3D1&pageSize=1000&page=2").unwrap();
        assert_eq!(
            with_page(&u, 3).as_str(),
            "http://h/x?conditions=a%3D1&pageSize=1000&page=3"
        );
    }
}
