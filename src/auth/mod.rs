//! Authentication (token verification) and authorization (policy).

pub mod claims;
pub mod issue;
pub mod keys;
pub mod officer_cache;
pub mod policy;
pub mod principal;

pub use claims::Claims;
pub use keys::KeySet;
pub use officer_cache::OfficerCache;
pub use principal::{DistrictScope, Principal, StaffPrincipal};
