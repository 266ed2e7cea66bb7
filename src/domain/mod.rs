//! What `auth` and `service` both build on: the district tree, the inquiry lifecycle's
//! transition table and the value types parsed at the edge. It depends on neither, so
//! access rules (in `auth`) and use cases (in `service`) point at it and not at each other.

pub mod districts;
pub mod transitions;
pub mod validate;
pub mod values;
