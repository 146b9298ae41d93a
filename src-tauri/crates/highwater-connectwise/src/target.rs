//! A request's address: the API base it was built on plus the full URL. Keeping the base lets a
//! request be re-sent on a new base (a moved codebase) with everything below it unchanged.

use url::Url;

/// Where one request goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    /// `…/{codebase}/apis/3.0/` at the time the URL was built.
    pub base: Url,
    /// The full URL, normally below `base`.
    pub url: Url,
}

impl Target {
    /// Another URL on the same base (a next page).
    pub(crate) fn with_url(&self, url: Url) -> Self {
        Self {
            base: self.base.clone(),
            url,
        }
    }

    /// The same path and query below `new_base`; `None` when the URL is not below its base (a
    /// server-sent link elsewhere on the host), which is then not re-sent.
    pub(crate) fn rebased(&self, new_base: &Url) -> Option<Self> {
        let below = self.url.as_str().strip_prefix(self.base.as_str())?;
        let url = new_base.join(below).ok()?;
        Some(Self {
            base: new_base.clone(),
            url,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn rebasing_keeps_path_and_query() {
        let old = url("https://api-na.example.com/v2024_1/apis/3.0/");
        let new = url("https://api-na.example.com/v2024_2/apis/3.0/");
        let target = Target {
            base: old.clone(),
            url: old
                .join("company/companies?conditions=id%3D1&pageSize=1000&page=2")
                .unwrap(),
        };
        let moved = target.rebased(&new).unwrap();
        assert_eq!(moved.base, new);
        assert_eq!(
            moved.url.as_str(),
            "https://api-na.example.com/v2024_2/apis/3.0/company/companies?conditions=id%3D1&pageSize=1000&page=2"
        );
        let elsewhere = target.with_url(url("https://api-na.example.com/other/x"));
        assert_eq!(elsewhere.rebased(&new), None);
    }
}
