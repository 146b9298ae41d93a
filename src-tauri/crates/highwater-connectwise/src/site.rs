//! Turning what a user types as their ConnectWise site into a host (and port) to call: pure, no
//! I/O. Harmless extras (scheme, path, spaces, case) are removed and reported; anything that
//! cannot name a host is rejected with a precise reason.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// URL scheme used for a site. Plain http is only ever chosen for loopback hosts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// `http://` — loopback only (the sandbox, local development).
    Http,
    /// `https://` — everything else.
    Https,
}

impl Scheme {
    /// `"http"` or `"https"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Http => "http",
            Self::Https => "https",
        }
    }
}

/// A normalised ConnectWise site: scheme, lower-case host, optional non-default port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    scheme: Scheme,
    host: String,
    port: Option<u16>,
}

/// The outcome of [`Site::parse`]: the site plus every change made to the typed text, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedSite {
    /// The normalised site.
    pub site: Site,
    /// Human-readable notes such as `removed the path "/v4_6_release/apis/3.0"`.
    pub changes: Vec<String>,
}

/// Why a typed site cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SiteError {
    /// Nothing (or only spaces) was typed.
    #[error("the site is empty; type the address you use to sign in, e.g. na.myconnectwise.net")]
    Empty,
    /// A scheme other than http/https.
    #[error("\"{0}://\" is not a web address scheme; use https://")]
    UnsupportedScheme(String),
    /// `user:password@host`.
    #[error("the site must not contain a user name or password (remove everything before \"@\")")]
    HasUserInfo,
    /// Whitespace inside the host.
    #[error("the host \"{0}\" contains a space")]
    SpaceInHost(String),
    /// Host syntax.
    #[error("\"{host}\" is not a valid host name: {reason}")]
    InvalidHost {
        /// The host part as typed.
        host: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Port syntax or range.
    #[error("\"{0}\" is not a valid port (1-65535)")]
    InvalidPort(String),
}

impl Site {
    /// Normalises a typed site. See the module doc for what is accepted.
    pub fn parse(input: &str) -> Result<ParsedSite, SiteError> {
        let mut changes = Vec::new();
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(SiteError::Empty);
        }
        if trimmed.len() != input.len() {
            changes.push("removed surrounding spaces".to_owned());
        }

        let (typed_scheme, rest) = split_scheme(trimmed)?;
        if let Some(s) = typed_scheme {
            changes.push(format!("removed \"{s}://\""));
        }

        // Everything after the authority is a path, query or fragment: not part of a site.
        let cut = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(cut);
        if !tail.is_empty() && tail != "/" {
            changes.push(format!("removed the path \"{tail}\""));
        }
        if authority.contains('@') {
            return Err(SiteError::HasUserInfo);
        }
        let (raw_host, raw_port) = split_port(authority)?;
        if raw_host.is_empty() {
            return Err(SiteError::Empty);
        }
        if raw_host.chars().any(char::is_whitespace) {
            return Err(SiteError::SpaceInHost(raw_host.to_owned()));
        }
        let host = normalise_host(raw_host)?;
        if host != raw_host.trim_end_matches('.') || raw_host.ends_with('.') {
            changes.push(format!("wrote the host as \"{host}\""));
        }
        let loopback = is_loopback(&host);

        // The typed scheme is discarded (CLI contract): loopback hosts — the sandbox or a
        // developer's tunnel on this computer — use plain http, every other host https.
        let scheme = if loopback {
            Scheme::Http
        } else {
            Scheme::Https
        };
        if typed_scheme == Some("http") && !loopback {
            changes.push("using https (plain http is only allowed for this computer)".into());
        }

        let port = match raw_port {
            None => None,
            Some(p) => {
                let n: u16 = p
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| SiteError::InvalidPort(p.to_owned()))?;
                let default = match scheme {
                    Scheme::Http => 80,
                    Scheme::Https => 443,
                };
                if n == default {
                    changes.push(format!("removed the default port :{n}"));
                    None
                } else {
                    Some(n)
                }
            }
        };

        Ok(ParsedSite {
            site: Site { scheme, host, port },
            changes,
        })
    }

    /// Builds a site from discovery output (`SiteUrl`, e.g. `api-na.myconnectwise.net`), keeping
    /// the scheme rules: http only if the host is loopback and the original site was http.
    pub(crate) fn with_host(&self, site_url: &str) -> Result<Site, SiteError> {
        let parsed = Site::parse(site_url)?.site;
        let scheme = if parsed.is_loopback() {
            self.scheme
        } else {
            Scheme::Https
        };
        Ok(Site { scheme, ..parsed })
    }

    /// The scheme to use.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// Lower-case host (IPv6 without brackets).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// Port, when not the scheme's default.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// True for 127.0.0.0/8, ::1 and localhost.
    pub fn is_loopback(&self) -> bool {
        is_loopback(&self.host)
    }

    /// `host[:port]` as a user would type it.
    pub fn authority(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        match self.port {
            Some(p) => format!("{host}:{p}"),
            None => host,
        }
    }

    /// `scheme://host[:port]` without a trailing slash.
    pub fn origin(&self) -> String {
        format!("{}://{}", self.scheme.as_str(), self.authority())
    }
}

impl fmt::Display for Site {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.authority())
    }
}

fn split_scheme(s: &str) -> Result<(Option<&'static str>, &str), SiteError> {
    let Some(idx) = s.find("://") else {
        return Ok((None, s));
    };
    let scheme = s[..idx].to_ascii_lowercase();
    let rest = &s[idx + 3..];
    match scheme.as_str() {
        "https" => Ok((Some("https"), rest)),
        "http" => Ok((Some("http"), rest)),
        _ => Err(SiteError::UnsupportedScheme(s[..idx].to_owned())),
    }
}

fn split_port(authority: &str) -> Result<(&str, Option<&str>), SiteError> {
    if let Some(inner) = authority.strip_prefix('[') {
        let end = inner.find(']').ok_or_else(|| SiteError::InvalidHost {
            host: authority.to_owned(),
            reason: "an IPv6 address needs a closing \"]\"".into(),
        })?;
        let host = &inner[..end];
        let after = &inner[end + 1..];
        return match after.strip_prefix(':') {
            Some(p) => Ok((host, Some(p))),
            None if after.is_empty() => Ok((host, None)),
            None => Err(SiteError::InvalidPort(after.to_owned())),
        };
    }
    match authority.rsplit_once(':') {
        Some((h, p)) => Ok((h, Some(p))),
        None => Ok((authority, None)),
    }
}

fn normalise_host(raw: &str) -> Result<String, SiteError> {
    if let Ok(ip) = raw.parse::<Ipv6Addr>() {
        return Ok(ip.to_string());
    }
    let host = raw.trim_end_matches('.').to_ascii_lowercase();
    if host.parse::<Ipv4Addr>().is_ok() {
        return Ok(host);
    }
    let invalid = |reason: &str| SiteError::InvalidHost {
        host: raw.to_owned(),
        reason: reason.to_owned(),
    };
    if !host.is_ascii() {
        return Err(invalid(
            "use the plain ASCII address (letters, digits, \"-\" and \".\")",
        ));
    }
    if host.len() > 253 {
        return Err(invalid("it is longer than 253 characters"));
    }
    for label in host.split('.') {
        if label.is_empty() {
            return Err(invalid("it has an empty part between dots"));
        }
        if label.len() > 63 {
            return Err(invalid("a part between dots is longer than 63 characters"));
        }
        if let Some(c) = label
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
        {
            return Err(invalid(&format!("the character \"{c}\" is not allowed")));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(invalid("a part between dots starts or ends with \"-\""));
        }
    }
    Ok(host)
}

fn is_loopback(host: &str) -> bool {
    if host == "localhost" || host.ends_with(".localhost") {
        return true;
    }
    host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(input: &str) -> (String, Scheme, usize) {
        let p = Site::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        (p.site.authority(), p.site.scheme(), p.changes.len())
    }

    #[test]
    fn accepts_and_normalises() {
        let cases = [
            (
                "na.myconnectwise.net",
                "na.myconnectwise.net",
                Scheme::Https,
                0,
            ),
            (
                "cw.example.com:8443",
                "cw.example.com:8443",
                Scheme::Https,
                0,
            ),
            (
                "  https://NA.MyConnectWise.net/ ",
                "na.myconnectwise.net",
                Scheme::Https,
                3,
            ),
            (
                "https://cw.example.com/v4_6_release/apis/3.0/",
                "cw.example.com",
                Scheme::Https,
                2,
            ),
            ("http://cw.example.com", "cw.example.com", Scheme::Https, 2),
            (
                "https://cw.example.com:443",
                "cw.example.com",
                Scheme::Https,
                2,
            ),
            ("127.0.0.1:8080", "127.0.0.1:8080", Scheme::Http, 0),
            ("http://localhost:3000", "localhost:3000", Scheme::Http, 1),
            ("https://127.0.0.1:9443", "127.0.0.1:9443", Scheme::Http, 1),
            ("[::1]:8080", "[::1]:8080", Scheme::Http, 0),
            ("cw.example.com.", "cw.example.com", Scheme::Https, 1),
        ];
        for (input, authority, scheme, changes) in cases {
            assert_eq!(
                ok(input),
                (authority.to_owned(), scheme, changes),
                "{input}"
            );
        }
    }

    #[test]
    fn changes_are_worded() {
        let p = Site::parse(" http://CW.example.com/login?x=1").unwrap();
        assert_eq!(
            p.changes,
            vec![
                "removed surrounding spaces",
                "removed \"http://\"",
                "removed the path \"/login?x=1\"",
                "wrote the host as \"cw.example.com\"",
                "using https (plain http is only allowed for this computer)",
            ]
        );
    }

    #[test]
    fn rejects_with_reason() {
        let cases: [(&str, SiteError); 8] = [
            ("   ", SiteError::Empty),
            (
                "ftp://cw.example.com",
                SiteError::UnsupportedScheme("ftp".into()),
            ),
            ("user:pw@cw.example.com", SiteError::HasUserInfo),
            (
                "cw example.com",
                SiteError::SpaceInHost("cw example.com".into()),
            ),
            ("cw.example.com:0", SiteError::InvalidPort("0".into())),
            (
                "cw.example.com:99999",
                SiteError::InvalidPort("99999".into()),
            ),
            (
                "cw.example.com:https",
                SiteError::InvalidPort("https".into()),
            ),
            ("https://", SiteError::Empty),
        ];
        for (input, expected) in cases {
            assert_eq!(Site::parse(input).unwrap_err(), expected, "{input}");
        }
        for bad in [
            "cw..example.com",
            "cw_x.example.com",
            "-cw.example.com",
            "cwé.example.com",
        ] {
            assert!(
                matches!(Site::parse(bad), Err(SiteError::InvalidHost { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn loopback_detection() {
        for h in [
            "127.0.0.1",
            "127.5.6.7",
            "localhost",
            "::1",
            "api.localhost",
        ] {
            assert!(is_loopback(h), "{h}");
        }
        for h in [
            "128.0.0.1",
            "example.com",
            "localhost.example.com",
            "10.0.0.1",
        ] {
            assert!(!is_loopback(h), "{h}");
        }
    }

    #[test]
    fn discovered_host_keeps_scheme_rules() {
        let local = Site::parse("127.0.0.1:9000").unwrap().site;
        assert_eq!(
            local.with_host("127.0.0.1:9000").unwrap().origin(),
            "http://127.0.0.1:9000"
        );
        let cloud = Site::parse("na.myconnectwise.net").unwrap().site;
        assert_eq!(
            cloud
                .with_host("api-na.myconnectwise.net")
                .unwrap()
                .origin(),
            "https://api-na.myconnectwise.net"
        );
    }
}
