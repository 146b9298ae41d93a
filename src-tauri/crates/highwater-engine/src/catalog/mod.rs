//! The ConnectWise catalog cache: company types, companies, agreements and additions fetched once
//! and refreshed on demand or when a lookup misses; pickers read the cache and show its age.

pub(crate) mod convert;
mod lists;
mod refresh;

pub(crate) use refresh::fetch_company_types;
