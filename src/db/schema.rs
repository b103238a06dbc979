//! The hand-kept schema, with portable types only (see architecture.md).

diesel::table! {
    record_keys (record_id, key_id) {
        record_id -> Text,
        key_id -> BigInt,
        kek_version -> BigInt,
        wrapped -> Binary,
        created_at -> Timestamp,
    }
}

diesel::table! {
    audit_log (seq) {
        seq -> BigInt,
        ts_utc -> Timestamp,
        actor -> Text,
        actor_role -> Text,
        action -> Text,
        object_type -> Text,
        object_id -> Nullable<Text>,
        case_id -> Nullable<Text>,
        reason_code -> Nullable<Text>,
        outcome -> Text,
        prev_mac -> Binary,
        mac -> Binary,
    }
}
