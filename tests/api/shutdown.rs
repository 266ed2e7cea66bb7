//! Graceful shutdown: once asked to stop, the server refuses new connections, finishes the
//! request in flight and cancels `AppState.shutdown` for long-lived work (subscriptions closing
//! with 1001 are in `subscriptions.rs`).

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::{both_backends, helpers::TestApp};

both_backends!(
    shutdown_finishes_the_request_in_flight_and_refuses_new_ones,
    |mut app: TestApp| async move {
        let addr = app.addr;
        let token = app.state.shutdown.clone();

        // A request whose body is still being uploaded when shutdown starts.
        let body = r#"{"query":"{ districts { code } }"}"#;
        let (head, tail) = body.split_at(10);
        let mut conn = tokio::net::TcpStream::connect(addr).await.unwrap();
        let headers = format!(
            "POST /graphql HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        conn.write_all(headers.as_bytes()).await.unwrap();
        conn.write_all(head.as_bytes()).await.unwrap();
        tokio::time::sleep(Duration::from_millis(200)).await;

        assert!(!token.is_cancelled());
        let server = app.shut_down();
        tokio::time::timeout(Duration::from_secs(2), token.cancelled())
            .await
            .expect("AppState.shutdown cancelled");
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(
            tokio::net::TcpStream::connect(addr).await.is_err(),
            "a new connection was accepted after shutdown began"
        );
        assert!(!server.is_finished(), "stopped before the request finished");

        conn.write_all(tail.as_bytes()).await.unwrap();
        let mut answer = String::new();
        tokio::time::timeout(Duration::from_secs(5), conn.read_to_string(&mut answer))
            .await
            .expect("answered")
            .unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(answer.contains(r#""code":"441200""#), "{answer}");
        tokio::time::timeout(Duration::from_secs(5), server)
            .await
            .expect("server stopped")
            .unwrap()
            .unwrap();
    }
);
