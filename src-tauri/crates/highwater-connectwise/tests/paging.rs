//! Paging past 1,000 rows, and the request count for 5,000 companies (read from the sandbox's
//! request log, not assumed).

mod fixture;

use highwater_connectwise::{CompanyFilter, ConnectWiseClient};
use highwater_sandbox::connectwise::SandboxConfig;

use fixture::{config, sandbox};

#[tokio::test]
async fn five_thousand_companies_in_five_requests() {
    let mut cfg = SandboxConfig::with_companies(5000);
    cfg.size.max_agreements_per_company = 1;
    cfg.size.max_additions_per_agreement = 1;
    let sb = sandbox(cfg).await;
    let client = ConnectWiseClient::connect(&config(&sb)).await.unwrap();
    sb.control().clear_requests();

    let all = CompanyFilter {
        type_ids: vec![],
        include_deleted: true,
    };
    let companies = client.companies(&all).await.unwrap();
    assert_eq!(companies.len(), 5000);
    let mut ids: Vec<i64> = companies.iter().map(|c| c.id).collect();
    ids.dedup();
    assert_eq!(ids.len(), 5000, "no page repeated or skipped");

    let log = sb.control().requests();
    let pages: Vec<&str> = log.iter().filter_map(|r| r.query.as_deref()).collect();
    assert_eq!(log.len(), 5, "requests: {pages:#?}");
    for (i, q) in pages.iter().enumerate() {
        assert!(q.ends_with(&format!("pageSize=1000&page={}", i + 1)), "{q}");
    }
    println!("HTTP requests to list 5,000 companies: {}", log.len());
}

#[tokio::test]
async fn filtered_paging_past_one_thousand_keeps_the_filter() {
    let sb = sandbox(SandboxConfig::with_companies(2600)).await;
    let client = ConnectWiseClient::connect(&config(&sb)).await.unwrap();
    let expected = sb
        .control()
        .companies()
        .iter()
        .filter(|c| c["deletedFlag"] == false)
        .filter(|c| c["types"].as_array().unwrap().iter().any(|t| t["id"] == 1))
        .count();
    assert!(expected > 1000, "{expected}");
    sb.control().clear_requests();
    let got = client
        .companies(&CompanyFilter::of_types([1]))
        .await
        .unwrap();
    assert_eq!(got.len(), expected);
    let log = sb.control().requests();
    assert_eq!(log.len(), expected.div_ceil(1000));
    assert!(log.iter().all(|r| r
        .query
        .as_deref()
        .unwrap()
        .contains("childConditions=types%2Fid+in+%281%29")));
    let mut pages = client
        .companies_paged(&CompanyFilter::of_types([1]))
        .unwrap();
    let first = pages.next_page().await.unwrap().unwrap();
    assert_eq!(first.len(), 1000);
}

#[tokio::test]
async fn without_link_headers_paging_stops_on_a_short_page() {
    let everything = CompanyFilter {
        type_ids: vec![],
        include_deleted: true,
    };
    for (companies, requests) in [(2500, 3), (2000, 3), (999, 1)] {
        let mut cfg = SandboxConfig::with_companies(companies);
        cfg.size.max_agreements_per_company = 1;
        let sb = sandbox(cfg).await;
        sb.control().set_link_header(false);
        let client = ConnectWiseClient::connect(&config(&sb)).await.unwrap();
        sb.control().clear_requests();
        let got = client.companies(&everything).await.unwrap();
        assert_eq!(got.len(), companies);
        assert_eq!(
            sb.control().requests().len(),
            requests,
            "{companies} companies"
        );
    }
}
