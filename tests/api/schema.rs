//! The public contract: `schema.graphql` is what the server exports.

#[test]
fn checked_in_schema_matches_the_exported_sdl() {
    let exported = wenzheng::graphql::sdl();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql");
    let checked_in = std::fs::read_to_string(path).unwrap_or_default();
    if checked_in != exported {
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            std::fs::write(path, &exported).unwrap();
            return;
        }
        panic!(
            "schema.graphql is stale: run `cargo run -- schema > schema.graphql` (or UPDATE_SCHEMA=1 cargo test)"
        );
    }
}
