//! Accounts: sign-up, sign-in, e-mail verification, password reset, and who the caller is.

use serde::{Deserialize, Serialize};

use crate::error::{FieldCode, FieldError};
use crate::lang::Lang;
use crate::org::{OrgKind, OrgRef, Role};
use crate::validate::Checker;

pub const PASSWORD_MIN_CHARS: usize = 12;
pub const PASSWORD_MAX_CHARS: usize = 128;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterRequest {
    pub email: String,
    pub password: String,
    pub display_name: String,
    pub lang: Lang,
}

impl RegisterRequest {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        c.email("email", &self.email);
        check_password(&mut c, "password", &self.password);
        c.text("display_name", &self.display_name, 2, 100);
        c.finish()
    }
}

/// Length rules for a new password (in characters). The server additionally refuses the most
/// common passwords, a list too large to ship to the browser.
pub fn check_password(c: &mut Checker, field: &str, password: &str) {
    let n = password.chars().count();
    if n == 0 {
        c.push(FieldError::new(field, FieldCode::Required));
    } else if n < PASSWORD_MIN_CHARS {
        c.push(FieldError::with_limit(
            field,
            FieldCode::TooShort,
            PASSWORD_MIN_CHARS as i64,
        ));
    } else if n > PASSWORD_MAX_CHARS {
        c.push(FieldError::with_limit(
            field,
            FieldCode::TooLong,
            PASSWORD_MAX_CHARS as i64,
        ));
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifyEmailRequest {
    pub token: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetRequest {
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetConfirm {
    pub token: String,
    pub password: String,
}

impl PasswordResetConfirm {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        if self.token.trim().is_empty() {
            c.push(FieldError::new("token", FieldCode::Required));
        }
        check_password(&mut c, "password", &self.password);
        c.finish()
    }
}

/// Preferences the user may change about themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateProfileRequest {
    pub display_name: String,
    pub lang: Lang,
}

impl UpdateProfileRequest {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut c = Checker::new();
        c.text("display_name", &self.display_name, 2, 100);
        c.finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserView {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub lang: Lang,
    pub email_verified: bool,
    pub is_admin: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MembershipView {
    pub org: OrgRef,
    pub role: Role,
}

/// The signed-in caller: who they are and where they belong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub user: UserView,
    pub memberships: Vec<MembershipView>,
}

impl Me {
    /// Regions in which the caller coordinates challenges.
    pub fn coordinated_regions(&self) -> impl Iterator<Item = &OrgRef> {
        self.memberships
            .iter()
            .filter(|m| m.org.kind == OrgKind::Region && m.role == Role::Coordinator)
            .map(|m| &m.org)
    }

    pub fn is_coordinator(&self) -> bool {
        self.coordinated_regions().next().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_length_rules() {
        let mut r = RegisterRequest {
            email: "a@b.fi".into(),
            password: "short".into(),
            display_name: "Anna".into(),
            lang: Lang::Fi,
        };
        let errs = r.validate().unwrap_err();
        assert_eq!(errs[0].code, FieldCode::TooShort);
        r.password = "ä".repeat(12);
        assert!(
            r.validate().is_ok(),
            "12 characters, 24 bytes, is long enough"
        );
        r.password = "x".repeat(129);
        assert_eq!(r.validate().unwrap_err()[0].code, FieldCode::TooLong);
    }
}
