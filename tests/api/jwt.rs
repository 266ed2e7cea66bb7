//! Token verification: every malformed, forged or stale token is UNAUTHENTICATED.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use entity::Role;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};

use crate::{
    both_backends, both_backends_with,
    helpers::{TEST_SECRET, TestApp, error_code},
};

const ME: &str = "{ me { role subject } }";

fn now() -> u64 {
    chrono::Utc::now().timestamp() as u64
}

fn claims(overrides: Value) -> Value {
    let mut c = json!({ "sub": "app-user-001", "role": "CITIZEN", "districts": [], "iss": "wenzheng", "aud": "wenzheng", "exp": now() + 600 });
    for (k, v) in overrides.as_object().unwrap() {
        if v.is_null() {
            c.as_object_mut().unwrap().remove(k);
        } else {
            c[k] = v.clone();
        }
    }
    c
}

fn sign(claims: &Value, secret: &str, header: Header) -> String {
    encode(
        &header,
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

async fn assert_rejected(app: &TestApp, token: &str, why: &str) {
    let (status, body) = app.gql_status(Some(token), ME, json!({})).await;
    assert_eq!(status, 401, "{why}: {body}");
    assert_eq!(error_code(&body), "UNAUTHENTICATED", "{why}: {body}");
    assert!(
        body.get("data").is_none(),
        "{why}: no data on a rejected token"
    );
}

both_backends!(
    a_valid_token_is_accepted_and_describes_the_caller,
    |app: TestApp| async move {
        let token = sign(
            &claims(json!({})),
            TEST_SECRET,
            Header::new(Algorithm::HS256),
        );
        let body = app.gql(Some(&token), ME, json!({})).await;
        assert_eq!(
            body["data"]["me"],
            json!({ "role": "CITIZEN", "subject": "app-user-001" })
        );
    }
);

both_backends!(
    forged_expired_and_incomplete_tokens_are_unauthenticated,
    |app: TestApp| async move {
        let hs = || Header::new(Algorithm::HS256);
        assert_rejected(
            &app,
            &sign(
                &claims(json!({})),
                "another-secret-that-is-also-32-bytes-long",
                hs(),
            ),
            "wrong key",
        )
        .await;
        assert_rejected(
            &app,
            &sign(&claims(json!({ "iss": "someone-else" })), TEST_SECRET, hs()),
            "wrong issuer",
        )
        .await;
        assert_rejected(
            &app,
            &sign(&claims(json!({ "aud": "another-api" })), TEST_SECRET, hs()),
            "wrong audience",
        )
        .await;
        assert_rejected(
            &app,
            &sign(&claims(json!({ "aud": null })), TEST_SECRET, hs()),
            "missing audience",
        )
        .await;
        assert_rejected(
            &app,
            &sign(&claims(json!({ "iss": null })), TEST_SECRET, hs()),
            "missing issuer",
        )
        .await;
        assert_rejected(
            &app,
            &sign(&claims(json!({ "sub": null })), TEST_SECRET, hs()),
            "missing subject",
        )
        .await;
        assert_rejected(
            &app,
            &sign(&claims(json!({ "exp": null })), TEST_SECRET, hs()),
            "missing expiry",
        )
        .await;
        assert_rejected(
            &app,
            &sign(&claims(json!({ "exp": now() - 3600 })), TEST_SECRET, hs()),
            "expired",
        )
        .await;
        let mut with_kid = hs();
        with_kid.kid = Some("no-such-key".into());
        // With only an HS256 secret configured a kid is ignored; the signature still must match.
        assert_rejected(
            &app,
            &sign(
                &claims(json!({})),
                "another-secret-that-is-also-32-bytes-long",
                with_kid,
            ),
            "unknown kid",
        )
        .await;
        // alg "none": header and claims, no signature.
        let unsigned = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#),
            URL_SAFE_NO_PAD.encode(claims(json!({})).to_string())
        );
        assert_rejected(&app, &unsigned, "alg none").await;
        // HS384 with the right secret: the algorithm is pinned to HS256.
        assert_rejected(
            &app,
            &sign(
                &claims(json!({})),
                TEST_SECRET,
                Header::new(Algorithm::HS384),
            ),
            "other algorithm",
        )
        .await;
        assert_rejected(&app, "not-a-jwt", "garbage").await;
    }
);

both_backends!(
    a_staff_token_for_an_unknown_or_inactive_officer_is_refused,
    |app: TestApp| async move {
        let hs = Header::new(Algorithm::HS256);
        let ghost = sign(
            &claims(json!({ "sub": "999999", "role": "ADMIN", "districts": ["*"] })),
            TEST_SECRET,
            hs.clone(),
        );
        assert_rejected(&app, &ghost, "unknown officer").await;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let inactive = entity::officer::Entity::find()
            .filter(entity::officer::Column::Active.eq(false))
            .one(&app.state.db)
            .await
            .unwrap()
            .expect("the directory has an inactive officer");
        let role = match inactive.role {
            Role::Admin => "ADMIN",
            Role::Supervisor => "SUPERVISOR",
            _ => "OFFICER",
        };
        let token = sign(
            &claims(json!({ "sub": inactive.badge_number, "role": role, "districts": ["*"] })),
            TEST_SECRET,
            hs,
        );
        assert_rejected(&app, &token, "inactive officer").await;
    }
);

both_backends!(
    a_token_cannot_claim_more_than_the_officer_record_allows,
    |app: TestApp| async move {
        let officer_token = app.token(Role::Officer, &["441202"]).await;
        let body = app
            .gql(
                Some(&officer_token),
                "{ me { officer { badgeNumber } } }",
                json!({}),
            )
            .await;
        let badge = body["data"]["me"]["officer"]["badgeNumber"]
            .as_str()
            .unwrap()
            .to_owned();
        let forged_admin = sign(
            &claims(json!({ "sub": badge, "role": "ADMIN", "districts": ["*"] })),
            TEST_SECRET,
            Header::new(Algorithm::HS256),
        );
        assert_rejected(&app, &forged_admin, "role above record").await;
    }
);

both_backends!(
    an_audience_given_as_an_array_is_accepted_when_it_holds_this_server,
    |app: TestApp| async move {
        let hs = || Header::new(Algorithm::HS256);
        let token = sign(
            &claims(json!({ "aud": ["another-api", "wenzheng"] })),
            TEST_SECRET,
            hs(),
        );
        let body = app.gql(Some(&token), ME, json!({})).await;
        assert_eq!(body["data"]["me"]["subject"], "app-user-001", "{body}");
        assert_rejected(
            &app,
            &sign(
                &claims(json!({ "aud": ["another-api"] })),
                TEST_SECRET,
                hs(),
            ),
            "array without this audience",
        )
        .await;
        assert_rejected(
            &app,
            &sign(&claims(json!({ "aud": [] })), TEST_SECRET, hs()),
            "empty audience array",
        )
        .await;
    }
);

both_backends_with!(
    a_token_living_longer_than_max_token_ttl_secs_is_refused,
    |s: &mut wenzheng::config::Settings| s.max_token_ttl_secs = 3600,
    |app: TestApp| async move {
        let hs = || Header::new(Algorithm::HS256);
        let at = now() - 60;
        let accepted = [
            json!({ "iat": at, "exp": at + 3600 }),
            // Without iat, what is left of it counts.
            json!({ "exp": now() + 3000 }),
        ];
        for c in accepted {
            let token = sign(&claims(c.clone()), TEST_SECRET, hs());
            let body = app.gql(Some(&token), ME, json!({})).await;
            assert_eq!(body["data"]["me"]["role"], "CITIZEN", "{c}: {body}");
        }
        let refused = [
            json!({ "iat": at, "exp": at + 3601 }),
            json!({ "exp": now() + 7200 }),
            // An iat in the future does not buy a longer window.
            json!({ "iat": now() + 7200, "exp": now() + 7260 }),
        ];
        for c in refused {
            let token = sign(&claims(c.clone()), TEST_SECRET, hs());
            let (status, body) = app.gql_status(Some(&token), ME, json!({})).await;
            assert_eq!(status, 401, "{c}: {body}");
            assert_eq!(error_code(&body), "UNAUTHENTICATED", "{c}: {body}");
            let message = body["errors"][0]["message"].as_str().unwrap();
            assert!(message.contains("MAX_TOKEN_TTL_SECS"), "{message}");
        }
        // `wenzheng token` will not mint what the server would refuse.
        let minted = wenzheng::auth::issue::issue(
            &app.state.db,
            &app.state.directory,
            &app.state.keys,
            wenzheng::auth::issue::TokenRequest {
                role: Role::Citizen,
                districts: vec![],
                department: None,
                sub: None,
                partner: None,
                ttl_seconds: 7200,
            },
        )
        .await;
        assert!(minted.is_err());
    }
);

both_backends!(
    under_the_default_limit_a_token_may_live_a_day_and_no_longer,
    |app: TestApp| async move {
        let hs = || Header::new(Algorithm::HS256);
        let at = now();
        let day = sign(
            &claims(json!({ "iat": at, "exp": at + 86_400 })),
            TEST_SECRET,
            hs(),
        );
        let body = app.gql(Some(&day), ME, json!({})).await;
        assert_eq!(body["data"]["me"]["role"], "CITIZEN", "{body}");
        let week = sign(
            &claims(json!({ "iat": at, "exp": at + 7 * 86_400 })),
            TEST_SECRET,
            hs(),
        );
        assert_rejected(&app, &week, "a week-long token").await;
    }
);
