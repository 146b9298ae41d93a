//! Finding the API host and codebase for a site with `GET /login/companyinfo/{companyId}`:
//! self-hosted answers `v4_6_release/` on the same host; cloud answers a versioned codebase and an
//! `api-` host in `SiteUrl`.

use url::Url;

use crate::classify::{classify_status, decode, transport_error};
use crate::config::ClientConfig;
use crate::error::{Error, Result};
use crate::models::CompanyInfo;
use crate::site::{ParsedSite, Site};
use crate::transport::build_http;

/// What discovery found.
#[derive(Debug, Clone)]
pub struct Discovery {
    /// The typed site, normalised, with the list of changes made.
    pub site: ParsedSite,
    /// The raw companyinfo answer.
    pub company_info: CompanyInfo,
    /// `scheme://host[:port]/{codebase}/apis/3.0/`.
    pub api_base: Url,
}

/// Looks the company up on the site the user typed. Sent without credentials, as the public
/// login page does; an unknown company (`null`, or 404 on some servers) is [`Error::UnknownCompany`].
pub async fn discover(config: &ClientConfig) -> Result<Discovery> {
    let parsed = Site::parse(&config.site)?;
    let company = config.company_id.trim();
    if company.is_empty() {
        return Err(Error::InvalidInput {
            field: "company id",
            reason: "it is empty".into(),
        });
    }
    let mut url =
        Url::parse(&format!("{}/login/companyinfo/", parsed.site.origin())).map_err(|e| {
            Error::InvalidInput {
                field: "site",
                reason: e.to_string(),
            }
        })?;
    url.path_segments_mut()
        .map_err(|()| Error::InvalidInput {
            field: "site",
            reason: "cannot hold a path".into(),
        })?
        .pop_if_empty()
        .push(company);

    let http = build_http(config.timeout)?;
    let response = http
        .get(url)
        .header("clientId", config.client_id.trim())
        .send()
        .await
        .map_err(transport_error)?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.map_err(transport_error)?;
    if status == reqwest::StatusCode::NOT_FOUND {
        return Err(Error::UnknownCompany {
            company_id: company.to_owned(),
        });
    }
    if !status.is_success() {
        return Err(classify_status(
            crate::retry::Method::Get,
            "login/companyinfo",
            status,
            &headers,
            &body,
        ));
    }
    let info: Option<CompanyInfo> = decode(status.as_u16(), &body)?;
    let info = info.ok_or_else(|| Error::UnknownCompany {
        company_id: company.to_owned(),
    })?;
    let api_base = api_base_for(&parsed.site, &info)?;
    Ok(Discovery {
        site: parsed,
        company_info: info,
        api_base,
    })
}

/// Cloud instances serve the API from `SiteUrl`; self-hosted ones from the typed host.
fn api_base_for(site: &Site, info: &CompanyInfo) -> Result<Url> {
    let codebase = info.codebase.trim().trim_matches('/');
    if codebase.is_empty()
        || !codebase
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
    {
        return Err(Error::Decode {
            json_path: "Codebase".into(),
            message: format!("unexpected codebase {:?}", info.codebase),
        });
    }
    let host = match info.site_url.as_deref().map(str::trim) {
        Some(api_host) if info.is_cloud && !api_host.is_empty() => site.with_host(api_host)?,
        _ => site.clone(),
    };
    Url::parse(&format!("{}/{codebase}/apis/3.0/", host.origin())).map_err(|e| Error::Decode {
        json_path: "SiteUrl".into(),
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(codebase: &str, cloud: bool, site_url: Option<&str>) -> CompanyInfo {
        CompanyInfo {
            company_name: None,
            codebase: codebase.into(),
            version_code: None,
            version_number: None,
            company_id: None,
            is_cloud: cloud,
            site_url: site_url.map(Into::into),
        }
    }

    #[test]
    fn cloud_and_self_hosted_bases() {
        let cloud = Site::parse("na.myconnectwise.net").unwrap().site;
        assert_eq!(
            api_base_for(
                &cloud,
                &info("v2024_1/", true, Some("api-na.myconnectwise.net"))
            )
            .unwrap()
            .as_str(),
            "https://api-na.myconnectwise.net/v2024_1/apis/3.0/"
        );
        let own = Site::parse("cw.example.com:8443").unwrap().site;
        assert_eq!(
            api_base_for(&own, &info("v4_6_release/", false, Some("cw.example.com")))
                .unwrap()
                .as_str(),
            "https://cw.example.com:8443/v4_6_release/apis/3.0/"
        );
        assert!(api_base_for(&own, &info("../x", false, None)).is_err());
    }
}
