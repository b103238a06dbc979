//! What only an account's own key may say about it: whether it set a duress passphrase, which
//! decoy a duress sign-in opened (or, for a decoy, whose decoy it is), and when a deletion that
//! sign-in scheduled is due. Sealed in one column of every account, padded to one length, so a
//! stolen database cannot tell these accounts from any other.

use serde::{Deserialize, Serialize};

/// Every account's links seal to this many bytes of JSON.
const SEALED_LEN: usize = 200;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountLinks {
    /// The decoy a duress sign-in of this account opened.
    #[serde(default)]
    pub decoy: Option<String>,
    /// For a decoy: the real account.
    #[serde(default)]
    pub decoy_of: Option<String>,
    /// When this account is to be deleted (seconds since the epoch), after a duress sign-in.
    #[serde(default)]
    pub deletion_due: Option<i64>,
    /// Whether the person set a duress passphrase (the slot always holds a hash).
    #[serde(default)]
    pub duress_set: bool,
    /// Filler to one length (see [`AccountLinks::padded`]).
    #[serde(default)]
    pub pad: String,
}

impl AccountLinks {
    /// The same links, padded so that every account's sealed value has one length.
    pub fn padded(mut self) -> Self {
        self.pad.clear();
        let len = serde_json::to_string(&self).map_or(0, |s| s.len());
        self.pad = "0".repeat(SEALED_LEN.saturating_sub(len));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_combination_seals_to_one_length() {
        let id = uuid::Uuid::new_v4().to_string();
        let all = [
            AccountLinks::default(),
            AccountLinks {
                decoy: Some(id.clone()),
                deletion_due: Some(1_900_000_000),
                duress_set: true,
                ..Default::default()
            },
            AccountLinks {
                decoy_of: Some(id.clone()),
                ..Default::default()
            },
        ];
        for links in all {
            let json = serde_json::to_string(&links.clone().padded()).unwrap();
            assert_eq!(json.len(), SEALED_LEN, "{json}");
            let back: AccountLinks = serde_json::from_str(&json).unwrap();
            assert_eq!(back.padded(), links.padded());
        }
    }
}
