//! `AlertType`: the four JumpCloud alert kinds Highwater turns into tickets, spelled as the CLI
//! spells them.

use crate::text_enum::text_enum;

/// An alert kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AlertType {
    DiskEncryptionKeyDecrypted,
    UserAdminAccessGranted,
    UserLockout,
    UserPasswordExpired,
}

text_enum!(AlertType {
    DiskEncryptionKeyDecrypted => "disk-encryption-key-decrypted",
    UserAdminAccessGranted => "user-admin-access-granted",
    UserLockout => "user-lockout",
    UserPasswordExpired => "user-password-expired",
});
