//! Authentication (token verification) and authorization (policy).

pub mod claims;
pub mod issue;
pub mod keys;
pub mod policy;
pub mod principal;

pub use claims::Claims;
pub use keys::KeySet;
pub use principal::{DistrictScope, Principal, StaffPrincipal};
