//! Benchmark: the `vendor_list` IPC command (deserialise, query 10,000 vendors, serialise) through Tauri's handler.

use serde_json::json;
use vetted_app_lib::testing::{invoke, mock_app};
use vetted_core::Store;
use vetted_tests::{ctx, synthetic_register, time_ms};

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bench.db");
    tauri::async_runtime::block_on(async {
        let store = Store::open(&db).await.unwrap();
        store.create_vendors(&ctx("bench", 0), &synthetic_register(10_000)).await.unwrap();
        store.close().await;
    });
    let (_app, window) = mock_app(&db);
    let cases = [
        ("first window, by name", json!({ "query": {} })),
        ("search 'cloud'", json!({ "query": { "search": "cloud" } })),
        ("status approved + country IE", json!({ "query": { "status": "approved", "country": "IE" } })),
        ("deep window (offset 8,000)", json!({ "query": { "offset": 8000 } })),
    ];
    println!("{:<42} {:>10} {:>10} {:>9}", "vendor_list over IPC (100-row window)", "median ms", "p95 ms", "bytes");
    for (name, args) in cases {
        let mut bytes = 0;
        let (median, p95) = time_ms(5, 50, || {
            bytes = invoke(&window, "vendor_list", args.clone()).unwrap().to_string().len();
        });
        println!("{name:<42} {median:>10.2} {p95:>10.2} {bytes:>9}");
    }
}
