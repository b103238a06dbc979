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

diesel::table! {
    organizations (id) {
        id -> Text,
        name_ct -> Binary,
        created_at -> Timestamp,
        serves_unaffiliated -> Bool,
    }
}

diesel::table! {
    accounts (id) {
        id -> Text,
        role -> Text,
        organization_id -> Nullable<Text>,
        handle_bidx -> Nullable<Binary>,
        handle_ct -> Binary,
        email_bidx -> Nullable<Binary>,
        email_ct -> Nullable<Binary>,
        email_verified -> Bool,
        password_hash -> Text,
        duress_hash -> Nullable<Text>,
        links_ct -> Nullable<Binary>,
        totp_secret_ct -> Nullable<Binary>,
        totp_confirmed -> Bool,
        totp_last_step -> Nullable<BigInt>,
        locale -> Text,
        created_at -> Timestamp,
        last_sign_in_at -> Nullable<Timestamp>,
        update_pending -> Bool,
        disabled_at -> Nullable<Timestamp>,
        removed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    recovery_codes (account_id, digest) {
        account_id -> Text,
        digest -> Binary,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sessions (id_hash) {
        id_hash -> Binary,
        account_id -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    invites (code_digest) {
        code_digest -> Binary,
        organization_id -> Nullable<Text>,
        role -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    email_codes (account_id, purpose) {
        account_id -> Text,
        purpose -> Text,
        digest -> Binary,
        attempts -> BigInt,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        recipient_ct -> Binary,
        template -> Text,
        payload_ct -> Nullable<Binary>,
        locale -> Text,
        created_at -> Timestamp,
        send_after -> Timestamp,
        attempts -> BigInt,
        sent_at -> Nullable<Timestamp>,
        lease_until -> Nullable<Timestamp>,
        set_aside -> Bool,
    }
}

diesel::joinable!(accounts -> organizations (organization_id));
diesel::joinable!(recovery_codes -> accounts (account_id));
diesel::joinable!(sessions -> accounts (account_id));
diesel::allow_tables_to_appear_in_same_query!(organizations, accounts, recovery_codes, sessions);

diesel::table! {
    registrations (id) {
        id -> Text,
        owner_account_id -> Nullable<Text>,
        owner_org_id -> Nullable<Text>,
        created_by -> Nullable<Text>,
        claim_digest -> Nullable<Binary>,
        profile_ct -> Nullable<Binary>,
        contact_card_ct -> Nullable<Binary>,
        preconsent_ct -> Nullable<Binary>,
        facts_ct -> Nullable<Binary>,
        settings_ct -> Nullable<Binary>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        vetted -> Bool,
        renewed_at -> Nullable<Timestamp>,
        expired_at -> Nullable<Timestamp>,
        reminded_for -> Nullable<Timestamp>,
    }
}

diesel::table! {
    sought_persons (id) {
        id -> Text,
        registration_id -> Text,
        paused -> Bool,
        data_ct -> Binary,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    name_changes (registration_id, changed_at) {
        registration_id -> Text,
        kind -> Text,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    match_queue (id) {
        id -> Text,
        record_type -> Text,
        record_id -> Text,
        reason -> Text,
        enqueued_at -> Timestamp,
    }
}

diesel::joinable!(sought_persons -> registrations (registration_id));
diesel::allow_tables_to_appear_in_same_query!(registrations, sought_persons);
// A record read with its data key in one query (`record_keys.record_id` names rows of several
// tables, so there is no foreign key to join on).
diesel::allow_tables_to_appear_in_same_query!(registrations, record_keys);
diesel::allow_tables_to_appear_in_same_query!(sought_persons, record_keys);
// The dashboard: an account with its registration, its searches and their keys.
diesel::allow_tables_to_appear_in_same_query!(accounts, registrations);
diesel::allow_tables_to_appear_in_same_query!(accounts, record_keys);
diesel::allow_tables_to_appear_in_same_query!(accounts, sought_persons);

diesel::table! {
    limits (key) {
        key -> Binary,
        count -> BigInt,
        until_us -> BigInt,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    jobs (name) {
        name -> Text,
        next_run_at -> Timestamp,
        lease_until -> Nullable<Timestamp>,
        holder -> Nullable<Text>,
    }
}

diesel::table! {
    recovery_requests (id) {
        id -> Text,
        login_ct -> Binary,
        created_at -> Timestamp,
    }
}

diesel::table! {
    match_features (record_id) {
        record_id -> Text,
        registration_id -> Text,
        active -> Bool,
        features_ct -> Binary,
        built_with -> Integer,
    }
}

diesel::table! {
    match_candidates (id) {
        id -> Text,
        kind -> Text,
        band -> Text,
        status -> Text,
        record_a -> Text,
        record_b -> Text,
        record_c -> Nullable<Text>,
        record_d -> Nullable<Text>,
        review_version -> BigInt,
        review_ct -> Binary,
        names_version -> BigInt,
        names_ct -> Binary,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        reg_a -> Text,
        reg_b -> Text,
        claimed_by -> Nullable<Text>,
        opened_by -> Nullable<Text>,
        approved_by -> Nullable<Text>,
        approved_by_2 -> Nullable<Text>,
        first_side -> Nullable<Text>,
        asked_a_at -> Nullable<Timestamp>,
        asked_b_at -> Nullable<Timestamp>,
        answer_a -> Nullable<Text>,
        answer_b -> Nullable<Text>,
        closed_a -> Nullable<Text>,
        closed_b -> Nullable<Text>,
        version -> BigInt,
        staff_notified -> Bool,
    }
}
diesel::allow_tables_to_appear_in_same_query!(registrations, match_candidates);

diesel::table! {
    match_messages (id) {
        id -> Text,
        candidate_id -> Text,
        side -> Text,
        from_staff -> Bool,
        body_ct -> Binary,
        created_at -> Timestamp,
        seq -> BigInt,
    }
}

diesel::table! {
    approval_codes (id) {
        id -> Text,
        digest -> Binary,
        organization_id -> Text,
        purpose -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    totp_resets (account_id) {
        account_id -> Text,
        requested_by -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}
