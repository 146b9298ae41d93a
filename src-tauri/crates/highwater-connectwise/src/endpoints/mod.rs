//! The ConnectWise endpoints Highwater uses, one module per API area, each adding methods to
//! [`crate::ConnectWiseClient`].

mod company;
mod finance;
mod service;
mod system;

pub use company::CompanyFilter;
