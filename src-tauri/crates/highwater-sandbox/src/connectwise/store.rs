//! The simulated tenant's records, held as the JSON ConnectWise would send (with `_href`s stored
//! relative to `apis/3.0/` and made absolute per request), keyed by id in id order.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One table of records keyed by id.
pub type Table = BTreeMap<i64, Value>;

/// Every collection the simulator serves. Serialises to the `/__control/data` document.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct Dataset {
    /// `company/companies/types`.
    pub company_types: Table,
    /// `company/companies`.
    pub companies: Table,
    /// `finance/agreements`.
    pub agreements: Table,
    /// `finance/agreements/{id}/additions` (each carries `agreementId`).
    pub additions: Table,
    /// `procurement/catalog` items referenced by additions.
    pub products: Table,
    /// `service/boards`.
    pub boards: Table,
    /// `service/boards/{id}/statuses` (each carries `board.id`).
    pub board_statuses: Table,
    /// `service/priorities`.
    pub priorities: Table,
    /// `service/sources`.
    pub sources: Table,
    /// `service/tickets`.
    pub tickets: Table,
    /// `service/tickets/{id}/notes` (each carries `ticketId`).
    pub notes: Table,
}

/// A list endpoint and its parent, if nested.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Collection {
    CompanyTypes,
    Companies,
    Agreements,
    Additions(i64),
    Boards,
    BoardStatuses(i64),
    Priorities,
    Sources,
    Tickets,
    Notes(i64),
}

impl Collection {
    /// The entity name used in `"<Entity> <id> not found"`.
    pub(crate) fn entity(self) -> &'static str {
        match self {
            Self::CompanyTypes => "CompanyType",
            Self::Companies => "Company",
            Self::Agreements => "Agreement",
            Self::Additions(_) => "Addition",
            Self::Boards => "Board",
            Self::BoardStatuses(_) => "BoardStatus",
            Self::Priorities => "Priority",
            Self::Sources => "Source",
            Self::Tickets => "Ticket",
            Self::Notes(_) => "ServiceNote",
        }
    }

    /// For nested collections: the parent's table kind and id.
    pub(crate) fn parent(self) -> Option<(Collection, i64)> {
        match self {
            Self::Additions(id) => Some((Self::Agreements, id)),
            Self::BoardStatuses(id) => Some((Self::Boards, id)),
            Self::Notes(id) => Some((Self::Tickets, id)),
            _ => None,
        }
    }
}

impl Dataset {
    pub(crate) fn table(&self, c: Collection) -> &Table {
        match c {
            Collection::CompanyTypes => &self.company_types,
            Collection::Companies => &self.companies,
            Collection::Agreements => &self.agreements,
            Collection::Additions(_) => &self.additions,
            Collection::Boards => &self.boards,
            Collection::BoardStatuses(_) => &self.board_statuses,
            Collection::Priorities => &self.priorities,
            Collection::Sources => &self.sources,
            Collection::Tickets => &self.tickets,
            Collection::Notes(_) => &self.notes,
        }
    }

    pub(crate) fn table_mut(&mut self, c: Collection) -> &mut Table {
        match c {
            Collection::CompanyTypes => &mut self.company_types,
            Collection::Companies => &mut self.companies,
            Collection::Agreements => &mut self.agreements,
            Collection::Additions(_) => &mut self.additions,
            Collection::Boards => &mut self.boards,
            Collection::BoardStatuses(_) => &mut self.board_statuses,
            Collection::Priorities => &mut self.priorities,
            Collection::Sources => &mut self.sources,
            Collection::Tickets => &mut self.tickets,
            Collection::Notes(_) => &mut self.notes,
        }
    }

    /// Rows of a collection, nested ones restricted to their parent.
    pub(crate) fn rows(&self, c: Collection) -> impl Iterator<Item = &Value> {
        let parent_key: Option<(&str, Option<&str>, i64)> = match c {
            Collection::Additions(id) => Some(("agreementId", None, id)),
            Collection::BoardStatuses(id) => Some(("board", Some("id"), id)),
            Collection::Notes(id) => Some(("ticketId", None, id)),
            _ => None,
        };
        self.table(c).values().filter(move |row| match parent_key {
            None => true,
            Some((k, sub, id)) => {
                let v = &row[k];
                let v = match sub {
                    Some(s) => &v[s],
                    None => v,
                };
                v.as_i64() == Some(id)
            }
        })
    }

    /// One row of a collection (respecting the parent for nested ones).
    pub(crate) fn get(&self, c: Collection, id: i64) -> Option<&Value> {
        self.rows(c).find(|r| r["id"].as_i64() == Some(id))
    }

    /// The next free id of a table.
    pub(crate) fn next_id(&self, c: Collection) -> i64 {
        self.table(c).keys().next_back().map_or(1, |k| k + 1)
    }

    /// Inserts (or replaces) a row by its `id`.
    pub(crate) fn put(&mut self, c: Collection, row: Value) -> Option<i64> {
        let id = row.get("id")?.as_i64()?;
        self.table_mut(c).insert(id, row);
        Some(id)
    }
}
