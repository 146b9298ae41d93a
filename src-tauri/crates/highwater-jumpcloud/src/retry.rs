//! When to try a failed request again: capped exponential backoff with jitter, honouring
//! `Retry-After` (JumpCloud's own CLI waits `min(2^attempt s + jitter, 30 s)`; API doc §6).

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::{HeaderMap, RETRY_AFTER};

use crate::error::Error;

/// Retry settings. The defaults match JumpCloud's own tools; tests shrink the delays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// Delay before the first retry; doubled each retry.
    pub base_delay: Duration,
    /// Upper bound of any wait. A `Retry-After` longer than this is not waited out: the error is
    /// returned so the caller's scheduler can come back later.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 4,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// Backoff before retry number `attempt` (0-based): `base·2^attempt + jitter·base`, capped.
    /// `jitter` is in `[0, 1)`.
    pub fn backoff(&self, attempt: u32, jitter: f64) -> Duration {
        let exp = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(attempt.min(16)));
        let extra = self.base_delay.mul_f64(jitter.clamp(0.0, 1.0));
        exp.saturating_add(extra).min(self.max_delay)
    }

    /// How long to wait before retrying after `err` on retry number `attempt`, or `None` to stop.
    pub fn delay_for(&self, err: &Error, attempt: u32, jitter: f64) -> Option<Duration> {
        if !err.is_retryable() || attempt >= self.max_retries {
            return None;
        }
        match err {
            Error::RateLimited {
                retry_after: Some(wait),
            } => (*wait <= self.max_delay).then_some(*wait),
            _ => Some(self.backoff(attempt, jitter)),
        }
    }
}

/// `Retry-After` as delay-seconds or an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap, now: DateTime<Utc>) -> Option<Duration> {
    let raw = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = raw.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = DateTime::parse_from_rfc2822(raw).ok()?.with_timezone(&Utc);
    Some((at - now).to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use reqwest::header::HeaderValue;

    #[test]
    fn backoff_doubles_and_caps() {
        let p = RetryPolicy::default();
        let table = [
            (0, 0.0, 1),
            (1, 0.0, 2),
            (2, 0.0, 4),
            (3, 0.5, 8),
            (4, 0.0, 16),
            (5, 0.0, 30),
            (12, 0.9, 30),
        ];
        for (attempt, jitter, secs) in table {
            assert_eq!(
                p.backoff(attempt, jitter).as_secs(),
                secs,
                "attempt {attempt}"
            );
        }
        assert_eq!(p.backoff(0, 0.5), Duration::from_millis(1500));
    }

    #[test]
    fn honours_retry_after_and_limits() {
        let p = RetryPolicy::default();
        let limited = |s| Error::RateLimited {
            retry_after: Some(Duration::from_secs(s)),
        };
        assert_eq!(
            p.delay_for(&limited(7), 0, 0.3),
            Some(Duration::from_secs(7))
        );
        assert_eq!(p.delay_for(&limited(120), 0, 0.3), None);
        assert_eq!(p.delay_for(&limited(1), 4, 0.0), None);
        let forbidden = Error::Forbidden {
            message: String::new(),
        };
        assert_eq!(p.delay_for(&forbidden, 0, 0.0), None);
        let server = Error::Server {
            status: 502,
            message: String::new(),
        };
        assert_eq!(p.delay_for(&server, 1, 0.0), Some(Duration::from_secs(2)));
        assert_eq!(RetryPolicy::none().delay_for(&server, 0, 0.0), None);
    }

    #[test]
    fn parses_retry_after_forms() {
        let now = Utc.with_ymd_and_hms(2026, 9, 1, 12, 0, 0).unwrap();
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("3"));
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(3)));
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Tue, 01 Sep 2026 12:00:10 GMT"),
        );
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(10)));
        h.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&h, now), None);
    }
}
