//! `connectwise_connection` and `jumpcloud_connection`: the non-secret half of each connection
//! (one row each). API keys live only in the OS keyring; no column here could hold one.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::text_enum::text_enum;
use crate::timestamp::{self, SqlTime};
use crate::Result;

/// Where and how ConnectWise is reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectWiseConnection {
    /// The site as normalised from what the admin typed (`na.myconnectwise.net`).
    pub site: String,
    /// The login company id (not a secret, but part of the Basic auth user name).
    pub company_id: String,
    /// Codebase discovered from `/login/companyinfo` (`v2025_1/`).
    pub codebase: String,
    /// host[:port] the REST API is called on (may differ from the site, e.g. `api-na.…`).
    pub api_host: String,
    /// The `clientId` header value.
    pub client_id: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// JumpCloud region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    Us,
    Eu,
}

text_enum!(Region {
    Us => "us",
    Eu => "eu",
});

/// Where and as whom JumpCloud is reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JumpCloudConnection {
    pub provider_id: String,
    pub provider_name: Option<String>,
    pub region: Region,
    /// Overrides the region's console base URL (`{console_url}/api/...`).
    pub console_url: Option<String>,
    /// Overrides the region's Directory Insights base URL.
    pub insights_url: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Saves the ConnectWise connection. On update `created_at` keeps its first value.
pub fn save_connectwise(conn: &Connection, c: &ConnectWiseConnection) -> Result<()> {
    conn.execute(
        "INSERT INTO connectwise_connection
             (id, site, company_id, codebase, api_host, client_id, created_at, updated_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET site = excluded.site, company_id = excluded.company_id,
             codebase = excluded.codebase, api_host = excluded.api_host,
             client_id = excluded.client_id, updated_at = excluded.updated_at",
        params![
            c.site,
            c.company_id,
            c.codebase,
            c.api_host,
            c.client_id,
            SqlTime(c.created_at),
            SqlTime(c.updated_at)
        ],
    )?;
    Ok(())
}

/// The ConnectWise connection, if one is saved.
pub fn connectwise(conn: &Connection) -> Result<Option<ConnectWiseConnection>> {
    let read = |row: &Row<'_>| {
        Ok(ConnectWiseConnection {
            site: row.get(0)?,
            company_id: row.get(1)?,
            codebase: row.get(2)?,
            api_host: row.get(3)?,
            client_id: row.get(4)?,
            created_at: timestamp::read(row, 5)?,
            updated_at: timestamp::read(row, 6)?,
        })
    };
    Ok(conn
        .query_row(
            "SELECT site, company_id, codebase, api_host, client_id, created_at, updated_at
             FROM connectwise_connection WHERE id = 1",
            [],
            read,
        )
        .optional()?)
}

/// Removes the ConnectWise connection; true when there was one.
pub fn delete_connectwise(conn: &Connection) -> Result<bool> {
    Ok(conn.execute("DELETE FROM connectwise_connection", [])? > 0)
}

/// Saves the JumpCloud connection. On update `created_at` keeps its first value.
pub fn save_jumpcloud(conn: &Connection, c: &JumpCloudConnection) -> Result<()> {
    conn.execute(
        "INSERT INTO jumpcloud_connection
             (id, provider_id, provider_name, region, console_url, insights_url, created_at,
              updated_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET provider_id = excluded.provider_id,
             provider_name = excluded.provider_name, region = excluded.region,
             console_url = excluded.console_url, insights_url = excluded.insights_url,
             updated_at = excluded.updated_at",
        params![
            c.provider_id,
            c.provider_name,
            c.region,
            c.console_url,
            c.insights_url,
            SqlTime(c.created_at),
            SqlTime(c.updated_at)
        ],
    )?;
    Ok(())
}

/// The JumpCloud connection, if one is saved.
pub fn jumpcloud(conn: &Connection) -> Result<Option<JumpCloudConnection>> {
    let read = |row: &Row<'_>| {
        Ok(JumpCloudConnection {
            provider_id: row.get(0)?,
            provider_name: row.get(1)?,
            region: row.get(2)?,
            console_url: row.get(3)?,
            insights_url: row.get(4)?,
            created_at: timestamp::read(row, 5)?,
            updated_at: timestamp::read(row, 6)?,
        })
    };
    Ok(conn
        .query_row(
            "SELECT provider_id, provider_name, region, console_url, insights_url, created_at,
                    updated_at
             FROM jumpcloud_connection WHERE id = 1",
            [],
            read,
        )
        .optional()?)
}

/// Removes the JumpCloud connection; true when there was one.
pub fn delete_jumpcloud(conn: &Connection) -> Result<bool> {
    Ok(conn.execute("DELETE FROM jumpcloud_connection", [])? > 0)
}
