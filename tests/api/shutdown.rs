//! Graceful shutdown: once asked to stop, the server refuses new connections, finishes the
//! request in flight and cancels `AppState.shutdown` for long-lived work.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wenzheng::{
    app::{self, Application},
    service::seed,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_finishes_the_request_in_flight_and_refuses_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/wenzheng.db", dir.path().display());
    let settings = crate::helpers::settings(&url);
    let (db, counter) = app::connect_and_migrate(&settings).await.unwrap();
    seed::seed_directory(&db).await.unwrap();
    let application = Application::build(&settings, db, counter).await.unwrap();
    let addr = application.local_addr();
    let token = application.state.shutdown.clone();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(application.run_until(async move {
        let _ = rx.await;
    }));

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
    tx.send(()).unwrap();
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
