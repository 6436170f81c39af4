


SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;


CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;



CREATE FUNCTION public.audit_log_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;



CREATE FUNCTION public.user_units_refresh() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE users SET unit_ids = (SELECT string_agg(UPPER(CAST(unit_id AS TEXT)), ',' ORDER BY is_primary DESC, unit_id) FROM user_units WHERE user_id = OLD.user_id) WHERE id = OLD.user_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        UPDATE users SET unit_ids = (SELECT string_agg(UPPER(CAST(unit_id AS TEXT)), ',' ORDER BY is_primary DESC, unit_id) FROM user_units WHERE user_id = NEW.user_id) WHERE id = NEW.user_id;
    END IF;
    RETURN NULL;
END $$;


SET default_tablespace = '';

SET default_table_access_method = heap;


CREATE TABLE public._fluent_migrations (
    id uuid NOT NULL,
    name text NOT NULL,
    batch bigint NOT NULL,
    created_at timestamp with time zone,
    updated_at timestamp with time zone
);



CREATE TABLE public.api_tokens (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    name text NOT NULL,
    token_prefix text NOT NULL,
    token_hash text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_used_at timestamp with time zone,
    revoked_at timestamp with time zone,
    expires_at timestamp with time zone
);



CREATE TABLE public.attachments (
    id uuid NOT NULL,
    record_type text NOT NULL,
    record_id uuid NOT NULL,
    field text NOT NULL,
    sha256 text NOT NULL,
    filename text NOT NULL,
    content_type text NOT NULL,
    size bigint NOT NULL,
    uploaded_by uuid,
    uploaded_at bigint NOT NULL
);



CREATE TABLE public.audit_head (
    id bigint NOT NULL,
    seq bigint NOT NULL,
    hash text NOT NULL
);



CREATE TABLE public.audit_log (
    seq bigint NOT NULL,
    occurred_at_ms bigint NOT NULL,
    actor_id uuid,
    actor_name text NOT NULL,
    unit_id uuid,
    address text NOT NULL,
    action text NOT NULL,
    entity_type text NOT NULL,
    entity_id text NOT NULL,
    before_json text,
    after_json text,
    prev_hash text NOT NULL,
    hash text NOT NULL
);



CREATE TABLE public.calendar_days (
    id uuid NOT NULL,
    notice_year bigint NOT NULL,
    date text NOT NULL,
    name text NOT NULL,
    is_off_day boolean NOT NULL
);



CREATE TABLE public.calendar_years (
    year bigint NOT NULL,
    papers text NOT NULL,
    loaded_at timestamp with time zone NOT NULL,
    loaded_by text NOT NULL
);



CREATE TABLE public.district_numbering_rules (
    district_id uuid NOT NULL,
    register text NOT NULL,
    prefix text NOT NULL,
    pattern text NOT NULL
);



CREATE TABLE public.district_registration_sequences (
    district_id uuid NOT NULL,
    prefix text NOT NULL,
    year integer NOT NULL,
    last integer NOT NULL
);



CREATE TABLE public.district_reminder_plans (
    district_id uuid NOT NULL,
    kind text NOT NULL,
    offsets text NOT NULL,
    remind_holder integer NOT NULL,
    remind_issuer integer NOT NULL,
    webhook integer NOT NULL,
    quiet_from integer NOT NULL,
    quiet_until integer NOT NULL,
    updated_at bigint NOT NULL
);



CREATE TABLE public.holder_subscriptions (
    credit_code text NOT NULL,
    channel text NOT NULL,
    email text,
    updated_at bigint NOT NULL
);



CREATE TABLE public.inbox_messages (
    id bigint NOT NULL,
    user_id uuid NOT NULL,
    reminder_id bigint,
    subject text NOT NULL,
    body text NOT NULL,
    link text,
    created_at bigint NOT NULL,
    read_at bigint
);



CREATE SEQUENCE public.inbox_messages_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;



ALTER SEQUENCE public.inbox_messages_id_seq OWNED BY public.inbox_messages.id;



CREATE TABLE public.job_runs (
    job text NOT NULL,
    slot text NOT NULL,
    instance text NOT NULL,
    started_at bigint NOT NULL,
    finished_at bigint,
    outcome text
);



CREATE TABLE public.numbering_rules (
    register text NOT NULL,
    prefix text NOT NULL,
    pattern text NOT NULL
);



CREATE TABLE public.rec_inspections (
    id uuid NOT NULL,
    state text NOT NULL,
    version bigint NOT NULL,
    created_by uuid,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    batch text NOT NULL,
    kind text NOT NULL,
    target uuid NOT NULL,
    organiser uuid,
    started_on text NOT NULL,
    ended_on text,
    leader text,
    findings text,
    finding_count bigint
);



CREATE TABLE public.rec_legal_advisers (
    id uuid NOT NULL,
    state text NOT NULL,
    version bigint NOT NULL,
    created_by uuid,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    unit uuid NOT NULL,
    employer text,
    licence_number text,
    phone text,
    term_from text NOT NULL,
    term_to text NOT NULL,
    expertise text
);



CREATE TABLE public.rec_legality_reviews (
    id uuid NOT NULL,
    state text NOT NULL,
    version bigint NOT NULL,
    created_by uuid,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    subject text NOT NULL,
    kind text NOT NULL,
    requester uuid NOT NULL,
    received_on text NOT NULL,
    due_on text,
    reviewer uuid,
    counsel uuid,
    adviser text,
    opinion text,
    opinion_text text,
    completed_on text,
    reviewed_item text
);



CREATE TABLE public.rec_licences (
    id uuid NOT NULL,
    state text NOT NULL,
    version bigint NOT NULL,
    created_by uuid,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    kind text NOT NULL,
    number text NOT NULL,
    holder text NOT NULL,
    credit_code text NOT NULL,
    issuer uuid NOT NULL,
    issued_on text NOT NULL,
    expires_on text NOT NULL
);



CREATE TABLE public.rec_major_decisions (
    id uuid NOT NULL,
    state text NOT NULL,
    version bigint NOT NULL,
    created_by uuid,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    title text NOT NULL,
    organiser uuid NOT NULL,
    catalogue_year bigint NOT NULL,
    needs_participation text NOT NULL,
    needs_expert text NOT NULL,
    needs_risk text NOT NULL,
    catalogue_approved_on text,
    catalogue_published_on text,
    comment_from text,
    comment_to text,
    short_comment_reason text,
    hearing_on text,
    hearing_materials_on text,
    expert_on text,
    risk_on text,
    review_submitted_on text,
    review_due_on text,
    review_opinion text,
    discussed_on text,
    decided_on text,
    published_on text,
    archived_on text,
    evaluated_on text
);



CREATE TABLE public.rec_market_entities (
    id uuid NOT NULL,
    state text NOT NULL,
    version bigint NOT NULL,
    created_by uuid,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    name text NOT NULL,
    credit_code text NOT NULL,
    legal_representative text,
    contact_phone text,
    town uuid NOT NULL,
    address text,
    registered_on text
);



CREATE TABLE public.rec_normative_documents (
    id uuid NOT NULL,
    state text NOT NULL,
    version bigint NOT NULL,
    created_by uuid,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    title text NOT NULL,
    doc_number text,
    issuer uuid NOT NULL,
    validity text NOT NULL,
    body text,
    drafted_on text,
    review_opinion text,
    changes_confirmed text,
    reviewed_on text,
    deliberated_on text,
    registration_number text,
    registered_on text,
    published_on text,
    effective_from text,
    expires_on text,
    filing_due_on text,
    filed_on text,
    filing_authority text,
    evaluated_on text,
    ended_on text
);



CREATE TABLE public.rec_rectifications (
    id uuid NOT NULL,
    state text NOT NULL,
    version bigint NOT NULL,
    created_by uuid,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    finding text NOT NULL,
    source text,
    unit uuid NOT NULL,
    responsible text,
    contact_phone text,
    found_on text NOT NULL,
    due_on text,
    measures text,
    completed_on text,
    verified_on text,
    verifier uuid
);



CREATE TABLE public.rec_study_activities (
    id uuid NOT NULL,
    state text NOT NULL,
    version bigint NOT NULL,
    created_by uuid,
    created_at bigint NOT NULL,
    updated_at bigint NOT NULL,
    kind text NOT NULL,
    title text NOT NULL,
    held_on text NOT NULL,
    organiser uuid NOT NULL,
    body text,
    speaker text,
    venue text,
    attendees bigint,
    summary text
);



CREATE TABLE public.reminder_attempts (
    id bigint NOT NULL,
    reminder_id bigint NOT NULL,
    attempt integer NOT NULL,
    at bigint NOT NULL,
    instance text NOT NULL,
    ok integer NOT NULL,
    detail text NOT NULL
);



CREATE SEQUENCE public.reminder_attempts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;



ALTER SEQUENCE public.reminder_attempts_id_seq OWNED BY public.reminder_attempts.id;



CREATE TABLE public.reminder_plans (
    kind text NOT NULL,
    offsets text NOT NULL,
    remind_holder integer NOT NULL,
    remind_issuer integer NOT NULL,
    webhook integer NOT NULL,
    quiet_from integer NOT NULL,
    quiet_until integer NOT NULL,
    updated_at bigint NOT NULL
);



CREATE TABLE public.reminders (
    id bigint NOT NULL,
    key text NOT NULL,
    source text NOT NULL,
    register text,
    record_id uuid,
    step integer NOT NULL,
    channel text NOT NULL,
    recipient text NOT NULL,
    recipient_name text,
    user_id uuid,
    unit_id uuid,
    category text NOT NULL,
    subject text NOT NULL,
    body text NOT NULL,
    link text,
    due_at bigint NOT NULL,
    due_on text NOT NULL,
    state text NOT NULL,
    attempts integer NOT NULL,
    next_attempt_at bigint NOT NULL,
    claimed_by text,
    lease_until bigint,
    sent_at bigint,
    sent_on text,
    last_error text,
    created_at bigint NOT NULL
);



CREATE SEQUENCE public.reminders_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;



ALTER SEQUENCE public.reminders_id_seq OWNED BY public.reminders.id;



CREATE TABLE public.report_texts (
    id uuid NOT NULL,
    district_id uuid,
    year integer NOT NULL,
    section text NOT NULL,
    version integer NOT NULL,
    body text NOT NULL,
    author_id uuid,
    author_name text NOT NULL,
    saved_at bigint NOT NULL
);



CREATE TABLE public.role_permissions (
    id uuid NOT NULL,
    role_id uuid NOT NULL,
    permission text NOT NULL
);



CREATE TABLE public.role_scope_units (
    id uuid NOT NULL,
    role_id uuid NOT NULL,
    unit_id uuid NOT NULL
);



CREATE TABLE public.roles (
    id uuid NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    duty text,
    scope_kind text NOT NULL,
    built_in boolean NOT NULL,
    created_at timestamp with time zone,
    updated_at timestamp with time zone
);



CREATE TABLE public.sessions (
    id text NOT NULL,
    user_id uuid NOT NULL,
    csrf_token text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_seen_at timestamp with time zone NOT NULL,
    address text NOT NULL,
    user_agent text NOT NULL
);



CREATE TABLE public.sign_in_failures (
    address text NOT NULL,
    window_start timestamp with time zone NOT NULL,
    failures bigint NOT NULL
);



CREATE TABLE public.units (
    id uuid NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    parent_id uuid,
    sort_order bigint NOT NULL,
    created_at timestamp with time zone,
    updated_at timestamp with time zone
);



CREATE TABLE public.user_roles (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    role_id uuid NOT NULL
);



CREATE TABLE public.user_units (
    id uuid NOT NULL,
    user_id uuid NOT NULL,
    unit_id uuid NOT NULL,
    is_primary boolean NOT NULL
);



CREATE TABLE public.users (
    id uuid NOT NULL,
    username text NOT NULL,
    display_name text NOT NULL,
    phone text,
    password_hash text NOT NULL,
    must_change_password boolean NOT NULL,
    failed_attempts bigint NOT NULL,
    locked_until timestamp with time zone,
    is_active boolean NOT NULL,
    last_sign_in_at timestamp with time zone,
    created_at timestamp with time zone,
    updated_at timestamp with time zone,
    unit_ids text
);



CREATE TABLE public.verification_codes (
    id bigint NOT NULL,
    credit_code text NOT NULL,
    client text NOT NULL,
    code_hash text NOT NULL,
    created_at bigint NOT NULL,
    expires_at bigint NOT NULL,
    tries integer NOT NULL,
    used_at bigint,
    grant_hash text,
    grant_expires bigint
);



CREATE SEQUENCE public.verification_codes_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;



ALTER SEQUENCE public.verification_codes_id_seq OWNED BY public.verification_codes.id;



ALTER TABLE ONLY public.inbox_messages ALTER COLUMN id SET DEFAULT nextval('public.inbox_messages_id_seq'::regclass);



ALTER TABLE ONLY public.reminder_attempts ALTER COLUMN id SET DEFAULT nextval('public.reminder_attempts_id_seq'::regclass);



ALTER TABLE ONLY public.reminders ALTER COLUMN id SET DEFAULT nextval('public.reminders_id_seq'::regclass);



ALTER TABLE ONLY public.verification_codes ALTER COLUMN id SET DEFAULT nextval('public.verification_codes_id_seq'::regclass);



INSERT INTO public._fluent_migrations VALUES ('a4cfd599-ebf0-4631-a9f2-2dcfda682664', 'FazhiStore.M001_CreateOrganisation', 1, '2026-12-04 15:20:51.357824+00', '2026-12-04 15:20:51.357824+00');
INSERT INTO public._fluent_migrations VALUES ('828a7eef-1ceb-4a87-8c76-fe1710a81bae', 'FazhiStore.M002_CreateSessions', 1, '2026-12-04 15:20:51.373939+00', '2026-12-04 15:20:51.373939+00');
INSERT INTO public._fluent_migrations VALUES ('1147c210-36b0-4272-8a08-99e7f6621907', 'FazhiStore.M003_CreateAuditLog', 1, '2026-12-04 15:20:51.385922+00', '2026-12-04 15:20:51.385922+00');
INSERT INTO public._fluent_migrations VALUES ('ae7c0d97-b635-454b-b54d-2be471c05156', 'FazhiStore.M004_CreateCalendar', 1, '2026-12-04 15:20:51.569328+00', '2026-12-04 15:20:51.569328+00');
INSERT INTO public._fluent_migrations VALUES ('bcac8a0a-be7f-454e-91e3-1acd1e2829ed', 'FazhiStore.M005_DenormaliseUserUnits', 1, '2026-12-04 15:20:51.573793+00', '2026-12-04 15:20:51.573793+00');
INSERT INTO public._fluent_migrations VALUES ('12ac77f1-eb78-48c9-9116-de7c78853b66', 'FazhiStore.M006_GrantRegisterPermissions', 1, '2026-12-04 15:20:51.576758+00', '2026-12-04 15:20:51.576758+00');
INSERT INTO public._fluent_migrations VALUES ('65efd47c-48a7-4525-9dce-d307eeeffa83', 'FazhiStore.M007_CreateAttachments', 1, '2026-12-04 15:20:51.586828+00', '2026-12-04 15:20:51.586828+00');
INSERT INTO public._fluent_migrations VALUES ('1e1a8237-3a35-44a6-a678-98620fa7e32b', 'FazhiStore.M008_CreateReportTexts', 1, '2026-12-04 15:20:51.592729+00', '2026-12-04 15:20:51.592729+00');
INSERT INTO public._fluent_migrations VALUES ('bbcdaba5-c5a7-438b-b9da-b26b84cfd4c1', 'FazhiStore.M009_CreateReminders', 1, '2026-12-04 15:20:51.628053+00', '2026-12-04 15:20:51.628053+00');
INSERT INTO public._fluent_migrations VALUES ('038c0c98-1a78-412c-8919-4d7ed75ca1ea', 'FazhiStore.M010_CreateNumbering', 1, '2026-12-04 15:20:51.636376+00', '2026-12-04 15:20:51.636376+00');
INSERT INTO public._fluent_migrations VALUES ('1d4fc7b9-2b13-4528-b971-5769efb45a07', 'FazhiStore.M011_Districts', 1, '2026-12-04 15:20:51.644654+00', '2026-12-04 15:20:51.644654+00');
INSERT INTO public._fluent_migrations VALUES ('4f9106c3-47cd-4d7c-ba49-3b8e19583a15', 'FazhiStore.M012_SearchPendingList', 1, '2026-12-04 15:20:51.650264+00', '2026-12-04 15:20:51.650264+00');
INSERT INTO public._fluent_migrations VALUES ('f90590fe-1ab0-4912-863f-f9cf95f9cf0c', 'FazhiStore.M013_ReviewCounsel', 1, '2026-12-04 15:20:51.65748+00', '2026-12-04 15:20:51.65748+00');
INSERT INTO public._fluent_migrations VALUES ('5a97cf99-77df-4776-8510-9c87fe66f1e3', 'FazhiStore.M014_SeparateDuties', 1, '2026-12-04 15:20:51.66023+00', '2026-12-04 15:20:51.66023+00');
INSERT INTO public._fluent_migrations VALUES ('5f621286-fcf7-4ed4-9646-a9105cd1ca27', 'FazhiStore.M015_SignInHardening', 1, '2026-12-04 15:20:51.665201+00', '2026-12-04 15:20:51.665201+00');
INSERT INTO public._fluent_migrations VALUES ('a7d49ff5-a8ea-4c4b-a7e4-2326d34df476', 'FazhiStore.M016_DistrictSettings', 1, '2026-12-04 15:20:51.675407+00', '2026-12-04 15:20:51.675407+00');
INSERT INTO public._fluent_migrations VALUES ('e237a8c7-5821-4b5e-9c1c-34628ca94077', 'FazhiStore.M017_KeyedListIndexes', 1, '2026-12-04 15:20:51.685587+00', '2026-12-04 15:20:51.685587+00');
INSERT INTO public._fluent_migrations VALUES ('f66a9493-5058-47fe-95ab-9752dc4961e0', 'record_table.rec_study_activities.v1', 1, '2026-12-04 15:20:51.706393+00', '2026-12-04 15:20:51.706393+00');
INSERT INTO public._fluent_migrations VALUES ('9a6e3167-8390-4e19-8fc3-bfef03fb99da', 'record_table.rec_inspections.v1', 1, '2026-12-04 15:20:51.720712+00', '2026-12-04 15:20:51.720712+00');
INSERT INTO public._fluent_migrations VALUES ('fa557495-fd73-44c4-8871-59e74dbe0ce4', 'record_table.rec_rectifications.v1', 1, '2026-12-04 15:20:51.732393+00', '2026-12-04 15:20:51.732393+00');
INSERT INTO public._fluent_migrations VALUES ('2af48705-3360-468f-af4c-0a3af22c5060', 'record_table.rec_market_entities.v1', 1, '2026-12-04 15:20:51.748727+00', '2026-12-04 15:20:51.748727+00');
INSERT INTO public._fluent_migrations VALUES ('8ffec05b-48ae-4afb-aa2d-97d366aa248b', 'record_table.rec_licences.v1', 1, '2026-12-04 15:20:51.769201+00', '2026-12-04 15:20:51.769201+00');
INSERT INTO public._fluent_migrations VALUES ('51eb6c4c-7aef-4ddf-a4bf-f81801059a6a', 'record_table.rec_normative_documents.v1', 1, '2026-12-04 15:20:51.794619+00', '2026-12-04 15:20:51.794619+00');
INSERT INTO public._fluent_migrations VALUES ('0ee7c966-4291-4eae-a27b-819d043d3052', 'record_table.rec_major_decisions.v1', 1, '2026-12-04 15:20:51.817147+00', '2026-12-04 15:20:51.817147+00');
INSERT INTO public._fluent_migrations VALUES ('467d5aca-5f0a-4f7d-8385-53d40ed3ec45', 'record_table.rec_legality_reviews.v1', 1, '2026-12-04 15:20:51.849137+00', '2026-12-04 15:20:51.849137+00');
INSERT INTO public._fluent_migrations VALUES ('3037b01d-268d-4625-ab3f-3fd47c00cc10', 'record_table.rec_legal_advisers.v1', 1, '2026-12-04 15:20:51.869244+00', '2026-12-04 15:20:51.869244+00');
INSERT INTO public._fluent_migrations VALUES ('6c4efb92-1164-4468-95cf-b4c37b8af5ce', 'record_table.rec_study_activities.v2.list_indexes', 1, '2026-12-04 15:20:51.88516+00', '2026-12-04 15:20:51.88516+00');
INSERT INTO public._fluent_migrations VALUES ('45bde2f0-c8a0-40e5-afc6-09a400f2df2a', 'record_table.rec_inspections.v2.list_indexes', 1, '2026-12-04 15:20:51.902514+00', '2026-12-04 15:20:51.902514+00');
INSERT INTO public._fluent_migrations VALUES ('703e2581-9c01-4be8-98ce-c63e41618f27', 'record_table.rec_rectifications.v2.list_indexes', 1, '2026-12-04 15:20:51.917116+00', '2026-12-04 15:20:51.917116+00');
INSERT INTO public._fluent_migrations VALUES ('7634e8fe-0eff-4970-862b-fd92c8f735ac', 'record_table.rec_market_entities.v2.list_indexes', 1, '2026-12-04 15:20:51.928675+00', '2026-12-04 15:20:51.928675+00');
INSERT INTO public._fluent_migrations VALUES ('5c8603d5-7e78-43be-9997-081aa50dd37e', 'record_table.rec_licences.v2.list_indexes', 1, '2026-12-04 15:20:51.943378+00', '2026-12-04 15:20:51.943378+00');
INSERT INTO public._fluent_migrations VALUES ('825ce2fc-6d6e-43cc-8f16-0697dc5f5cd7', 'record_table.rec_normative_documents.v2.list_indexes', 1, '2026-12-04 15:20:51.968265+00', '2026-12-04 15:20:51.968265+00');
INSERT INTO public._fluent_migrations VALUES ('5a9a8d5d-9159-4f7e-92d4-32560280ca3c', 'record_table.rec_major_decisions.v2.list_indexes', 1, '2026-12-04 15:20:51.983453+00', '2026-12-04 15:20:51.983453+00');
INSERT INTO public._fluent_migrations VALUES ('0e3ecc69-5a4d-472f-a5bc-28a2e7a16207', 'record_table.rec_legality_reviews.v2.list_indexes', 1, '2026-12-04 15:20:52.00621+00', '2026-12-04 15:20:52.00621+00');
INSERT INTO public._fluent_migrations VALUES ('aaa14482-adda-4b74-bea3-6a710770157e', 'record_table.rec_legal_advisers.v2.list_indexes', 1, '2026-12-04 15:20:52.02183+00', '2026-12-04 15:20:52.02183+00');
INSERT INTO public._fluent_migrations VALUES ('04fa9d84-8b7e-4d4a-97b5-3d289e47171b', 'record_table.rec_study_activities.v3.lookup_indexes', 1, '2026-12-04 15:20:52.031609+00', '2026-12-04 15:20:52.031609+00');
INSERT INTO public._fluent_migrations VALUES ('e61c6355-b396-408a-8b6e-599db49fcf29', 'record_table.rec_inspections.v3.lookup_indexes', 1, '2026-12-04 15:20:52.039961+00', '2026-12-04 15:20:52.039961+00');
INSERT INTO public._fluent_migrations VALUES ('59eeaae2-1315-4eff-a287-2fbc1f49d53a', 'record_table.rec_rectifications.v3.lookup_indexes', 1, '2026-12-04 15:20:52.048358+00', '2026-12-04 15:20:52.048358+00');
INSERT INTO public._fluent_migrations VALUES ('ae1cdfdc-a49e-4884-b0ba-88c50d3d64a3', 'record_table.rec_market_entities.v3.lookup_indexes', 1, '2026-12-04 15:20:52.065079+00', '2026-12-04 15:20:52.065079+00');
INSERT INTO public._fluent_migrations VALUES ('f2967ad6-3276-4dbd-bb8e-e4f22b2a7141', 'record_table.rec_licences.v3.lookup_indexes', 1, '2026-12-04 15:20:52.071706+00', '2026-12-04 15:20:52.071706+00');
INSERT INTO public._fluent_migrations VALUES ('a291de23-6a1c-4021-a520-692755aadebe', 'record_table.rec_normative_documents.v3.lookup_indexes', 1, '2026-12-04 15:20:52.078027+00', '2026-12-04 15:20:52.078027+00');
INSERT INTO public._fluent_migrations VALUES ('4ffc735a-d596-45a8-b518-5c84e3ef5af8', 'record_table.rec_major_decisions.v3.lookup_indexes', 1, '2026-12-04 15:20:52.083042+00', '2026-12-04 15:20:52.083042+00');
INSERT INTO public._fluent_migrations VALUES ('e62c9df0-aa33-4a56-83b6-65b797813ad7', 'record_table.rec_legality_reviews.v3.lookup_indexes', 1, '2026-12-04 15:20:52.091569+00', '2026-12-04 15:20:52.091569+00');
INSERT INTO public._fluent_migrations VALUES ('3404a35f-14b0-425a-af28-db2c8d97b0ce', 'record_table.rec_legal_advisers.v3.lookup_indexes', 1, '2026-12-04 15:20:52.09821+00', '2026-12-04 15:20:52.09821+00');









INSERT INTO public.audit_head VALUES (1, 12, 'f977fdd3c0376be31cf7436ecb1feb7759f2c7158e7553c27389e248e4f5e2b1');



INSERT INTO public.audit_log VALUES (1, 1796397652121, NULL, '初始化', NULL, 'local', 'create', 'role', '524993EF-4C32-43E9-857A-F30BD72382FE', NULL, '{"code":"system_admin","duty":"system","name":"系统管理员","permissions":["calendar.manage","ops.metrics","role.read","unit.manage","unit.read","user.manage","user.read"],"scopeKind":"all","scopeUnits":[]}', '0000000000000000000000000000000000000000000000000000000000000000', '08fba8f3eff56d787d695882db07139e4f9be5ba7e51e084d63af46fc04e38e0');
INSERT INTO public.audit_log VALUES (2, 1796397652134, NULL, '初始化', NULL, 'local', 'create', 'role', '3BEC99C9-09EC-4577-9366-7D8C2C94090D', NULL, '{"code":"security_admin","duty":"security","name":"安全保密管理员","permissions":["account.duty.manage","role.manage","role.read","unit.read","user.read"],"scopeKind":"all","scopeUnits":[]}', '08fba8f3eff56d787d695882db07139e4f9be5ba7e51e084d63af46fc04e38e0', 'd549f0b3b7ae166fb3c9093152d8707501032376179aee4db780d2b280e0e2ea');
INSERT INTO public.audit_log VALUES (3, 1796397652143, NULL, '初始化', NULL, 'local', 'create', 'role', 'E4175E83-B8C5-4B70-A909-456FC6C36512', NULL, '{"code":"audit_admin","duty":"audit","name":"安全审计员","permissions":["audit.export","audit.read"],"scopeKind":"all","scopeUnits":[]}', 'd549f0b3b7ae166fb3c9093152d8707501032376179aee4db780d2b280e0e2ea', '4d89c4411e4db5936f9a8b1982aa04bf9ffd10af6c105f3c8c58ad4c11c94146');
INSERT INTO public.audit_log VALUES (4, 1796397652168, NULL, '初始化', NULL, 'local', 'create', 'role', 'F61BB646-45A7-4338-9FF7-9DA48493736E', NULL, '{"code":"district_office","name":"区委依法治区办","permissions":["inspection.manage","inspection.read","lawmaking.manage","lawmaking.read","leadership.manage","leadership.read","licence.manage","licence.read","personal.view","rectification.report","reminder.manage","report.manage","report.read","review.manage","review.perform","review.read","settings.manage","unit.read","user.read"],"scopeKind":"district","scopeUnits":[]}', '4d89c4411e4db5936f9a8b1982aa04bf9ffd10af6c105f3c8c58ad4c11c94146', '2c96e0d4887aebba06baa7ad16767449ac8c3bc70265304ce0d7d6757a901477');
INSERT INTO public.audit_log VALUES (5, 1796397652188, NULL, '初始化', NULL, 'local', 'create', 'role', 'D032F33D-1185-4E22-B132-888F03395FD3', NULL, '{"code":"department_clerk","name":"部门工作人员","permissions":["inspection.read","lawmaking.manage","lawmaking.read","leadership.manage","leadership.read","licence.manage","licence.read","rectification.report","report.read","review.manage","review.read","unit.read","user.read"],"scopeKind":"own_unit","scopeUnits":[]}', '2c96e0d4887aebba06baa7ad16767449ac8c3bc70265304ce0d7d6757a901477', '0a78d333672a569332cb3729157e916c72de1c8407f94d75c1a0348e9eda6e9a');
INSERT INTO public.audit_log VALUES (6, 1796397652206, NULL, '初始化', NULL, 'local', 'create', 'role', 'FAF1C1DB-3854-4F87-965B-37C099BAE115', NULL, '{"code":"town_clerk","name":"镇街司法所工作人员","permissions":["inspection.read","lawmaking.read","leadership.manage","leadership.read","rectification.report","report.read","review.manage","review.read","unit.read","user.read"],"scopeKind":"unit_and_below","scopeUnits":[]}', '0a78d333672a569332cb3729157e916c72de1c8407f94d75c1a0348e9eda6e9a', '3d58d01fd9f857fa8fc15080948fd90144ca07e87003bd511bab181ff535c7c2');
INSERT INTO public.audit_log VALUES (7, 1796397652230, NULL, '初始化', NULL, 'local', 'create', 'role', '13324032-091A-4E01-809E-92BC9C161D77', NULL, '{"code":"unit_head","name":"单位负责人","permissions":["inspection.read","lawmaking.read","leadership.read","licence.read","report.read","review.read","unit.read","user.read"],"scopeKind":"unit_and_below","scopeUnits":[]}', '3d58d01fd9f857fa8fc15080948fd90144ca07e87003bd511bab181ff535c7c2', 'fa210789da596083635ce58063f79517be785b81f3da210b5501611b55a256c3');
INSERT INTO public.audit_log VALUES (8, 1796397652241, NULL, '初始化', NULL, 'local', 'create', 'role', '501BC817-7FEF-4DFF-B41A-F06A3FFC0EB1', NULL, '{"code":"reviewer","name":"合法性审查人员","permissions":["lawmaking.read","review.perform","review.read","unit.read"],"scopeKind":"unit_and_below","scopeUnits":[]}', 'fa210789da596083635ce58063f79517be785b81f3da210b5501611b55a256c3', 'f8a2800050635dae781125f7e92c77d4eca20c4e48ec8706769dff3244233496');
INSERT INTO public.audit_log VALUES (9, 1796397652249, NULL, '初始化', NULL, 'local', 'create', 'unit', '383ED0D3-5C0F-412F-A8DF-97ED9B3EB7ED', NULL, '{"code":"371502","kind":"district","name":"东昌府区","sortOrder":0}', 'f8a2800050635dae781125f7e92c77d4eca20c4e48ec8706769dff3244233496', '570bd2ad596f5ce2d71089df60d19a1b69f59e40c183ec7f567fda30d6b2db25');
INSERT INTO public.audit_log VALUES (10, 1796397652272, NULL, '初始化', NULL, 'local', 'create', 'user', '6826470D-C210-49BC-B700-C68762E8DE40', NULL, '{"displayName":"系统管理员","isActive":true,"roles":["524993EF-4C32-43E9-857A-F30BD72382FE"],"units":["383ED0D3-5C0F-412F-A8DF-97ED9B3EB7ED"],"username":"admin"}', '570bd2ad596f5ce2d71089df60d19a1b69f59e40c183ec7f567fda30d6b2db25', '3b63c434f59919136a712ee3ddcb8071802f2c8bee775db7471708c42f2db5b0');
INSERT INTO public.audit_log VALUES (11, 1796397652288, NULL, '初始化', NULL, 'local', 'create', 'user', '1DC3EE44-F96D-47A6-A684-D224189A66BE', NULL, '{"displayName":"安全保密管理员","isActive":true,"roles":["3BEC99C9-09EC-4577-9366-7D8C2C94090D"],"units":["383ED0D3-5C0F-412F-A8DF-97ED9B3EB7ED"],"username":"secadmin"}', '3b63c434f59919136a712ee3ddcb8071802f2c8bee775db7471708c42f2db5b0', '9ea80b2d8df8dc15b8c65e895c4c83497e3f37e92f2face1f24aa6dbda4cff76');
INSERT INTO public.audit_log VALUES (12, 1796397652306, NULL, '初始化', NULL, 'local', 'create', 'user', '795513F6-2A07-4290-AD2B-37160ED5DDBA', NULL, '{"displayName":"安全审计员","isActive":true,"roles":["E4175E83-B8C5-4B70-A909-456FC6C36512"],"units":["383ED0D3-5C0F-412F-A8DF-97ED9B3EB7ED"],"username":"auditor"}', '9ea80b2d8df8dc15b8c65e895c4c83497e3f37e92f2face1f24aa6dbda4cff76', 'f977fdd3c0376be31cf7436ecb1feb7759f2c7158e7553c27389e248e4f5e2b1');



INSERT INTO public.calendar_days VALUES ('194baca0-7d09-4ed3-b043-063061fd3874', 2023, '2022-12-31', '元旦', true);
INSERT INTO public.calendar_days VALUES ('caecacf4-60e5-42c5-86fe-fe49877d6a70', 2023, '2023-01-01', '元旦', true);
INSERT INTO public.calendar_days VALUES ('c20c2cf2-0538-4f51-9971-69565b3d9270', 2023, '2023-01-02', '元旦', true);
INSERT INTO public.calendar_days VALUES ('263a9adc-4963-433b-8b46-bd16c26b49c1', 2023, '2023-01-21', '春节', true);
INSERT INTO public.calendar_days VALUES ('3558e721-10f0-40e9-8933-874c4c5d4340', 2023, '2023-01-22', '春节', true);
INSERT INTO public.calendar_days VALUES ('cfabf998-46c7-48bb-a916-f4c098d9f05d', 2023, '2023-01-23', '春节', true);
INSERT INTO public.calendar_days VALUES ('214c5e0d-95f5-4b1a-9a63-18664bc2fa69', 2023, '2023-01-24', '春节', true);
INSERT INTO public.calendar_days VALUES ('ca146ddc-054d-4a1c-92f1-da0b44f4bbaf', 2023, '2023-01-25', '春节', true);
INSERT INTO public.calendar_days VALUES ('81ddffc3-8292-4c0f-aae4-21a846594bb6', 2023, '2023-01-26', '春节', true);
INSERT INTO public.calendar_days VALUES ('58341921-d6ba-45f1-b517-b66aef450ade', 2023, '2023-01-27', '春节', true);
INSERT INTO public.calendar_days VALUES ('b49a8d3b-26c7-4aaf-9801-69cf44d65363', 2023, '2023-01-28', '调休上班', false);
INSERT INTO public.calendar_days VALUES ('db959074-c048-4034-9c30-a8f64331d5dc', 2023, '2023-01-29', '调休上班', false);
INSERT INTO public.calendar_days VALUES ('28c6885f-02a6-4b72-bc2b-c042b9b76024', 2023, '2023-04-05', '清明节', true);
INSERT INTO public.calendar_days VALUES ('4bd1b1a5-90ca-4e8b-b0f9-c39c4fb7db38', 2023, '2023-04-23', '调休上班', false);
INSERT INTO public.calendar_days VALUES ('9bec61c8-14a1-4daa-893b-95d6906126e4', 2023, '2023-04-29', '劳动节', true);
INSERT INTO public.calendar_days VALUES ('8ab70bee-07a4-4366-8061-1367b7b9023f', 2023, '2023-04-30', '劳动节', true);
INSERT INTO public.calendar_days VALUES ('b0d9a42f-8c64-4b05-8b45-fe5ae50c94ad', 2023, '2023-05-01', '劳动节', true);
INSERT INTO public.calendar_days VALUES ('3d22d1b0-65de-433c-820c-a3efd7384470', 2023, '2023-05-02', '劳动节', true);
INSERT INTO public.calendar_days VALUES ('cd700317-df04-4e93-9085-d8d04335a72e', 2023, '2023-05-03', '劳动节', true);
INSERT INTO public.calendar_days VALUES ('bdbf86fd-8ab3-4ebd-96b8-a2485a494512', 2023, '2023-05-06', '调休上班', false);
INSERT INTO public.calendar_days VALUES ('9f57dd85-6492-4b70-adae-c481e6a4e1f1', 2023, '2023-06-22', '端午节', true);
INSERT INTO public.calendar_days VALUES ('499dedda-e3d0-4ccd-ae43-4323567cc98b', 2023, '2023-06-23', '端午节', true);
INSERT INTO public.calendar_days VALUES ('e35f3b7d-3a07-407d-ac5d-6c9e28c803c1', 2023, '2023-06-24', '端午节', true);
INSERT INTO public.calendar_days VALUES ('028d4f5e-2b95-47c9-85bf-3d6e5d726da1', 2023, '2023-06-25', '调休上班', false);
INSERT INTO public.calendar_days VALUES ('ac75f123-ffee-4133-99bc-06163b8ab781', 2023, '2023-09-29', '中秋节、国庆节', true);
INSERT INTO public.calendar_days VALUES ('5e9260c7-b443-4908-871c-7d620c2af770', 2023, '2023-09-30', '中秋节、国庆节', true);
INSERT INTO public.calendar_days VALUES ('60819831-778c-4a40-9be8-6eb3da62c274', 2023, '2023-10-01', '中秋节、国庆节', true);
INSERT INTO public.calendar_days VALUES ('b004d8ac-caf6-4dc8-8854-c7a1329cd761', 2023, '2023-10-02', '中秋节、国庆节', true);
INSERT INTO public.calendar_days VALUES ('08b3cfa8-db6f-44a1-b5c7-4c3b2205883a', 2023, '2023-10-03', '中秋节、国庆节', true);
INSERT INTO public.calendar_days VALUES ('946128fb-7453-468b-840b-8b03743f8248', 2023, '2023-10-04', '中秋节、国庆节', true);
INSERT INTO public.calendar_days VALUES ('409f773c-f633-4a00-8bf4-d45e7e80a687', 2023, '2023-10-05', '中秋节、国庆节', true);
INSERT INTO public.calendar_days VALUES ('9b5bd303-8bc5-457b-993a-17f736d0bddd', 2023, '2023-10-06', '中秋节、国庆节', true);
INSERT INTO public.calendar_days VALUES ('c71760bf-b746-45a3-8f8a-bebae39005ac', 2023, '2023-10-07', '调休上班', false);
INSERT INTO public.calendar_days VALUES ('4902cd20-0188-4201-acca-aabafe5cf61b', 2023, '2023-10-08', '调休上班', false);
INSERT INTO public.calendar_days VALUES ('3ab61f9c-babc-42e8-a4f4-860a474135cc', 2024, '2024-01-01', '元旦', true);
INSERT INTO public.calendar_days VALUES ('644e59c1-e4e1-4740-99d7-966846c4808c', 2024, '2024-02-04', '调休上班', false);
INSERT INTO public.calendar_days VALUES ('4bd9e0a8-1f80-4441-acf6-ab65981384d0', 2024, '2024-02-10', '春节', true);
INSERT INTO public.calendar_days VALUES ('98dcbd5f-a8e7-4ac7-818f-73eedc945ac3', 2024, '2024-02-11', '春节', true);
INSERT INTO public.calendar_days VALUES ('637df1bc-8340-451f-b50f-e08dbe4907fb', 2024, '2024-02-12', '春节', true);
INSERT INTO public.calendar_days VALUES ('2025f91a-0c72-4988-9e87-35eca0fbde25', 2024, '2024-02-13', '春节', true);
INSERT INTO public.calendar_days VALUES ('2f25316c-a703-48f5-9487-faf2914b4125', 2024, '2024-02-14', '春节', true);
INSERT INTO public.calendar_days VALUES ('886817a6-5467-4c72-8052-fc6e6e738aa7', 2024, '2024-02-15', '春节', true);
INSERT INTO public.calendar_days VALUES ('87dfef6f-37f8-4748-86ee-075631ad8786', 2024, '2024-02-16', '春节', true);
INSERT INTO public.calendar_days VALUES ('f18bb12b-8fdd-4f32-b1b0-873cfa006534', 2024, '2024-02-17', '春节', true);
INSERT INTO public.calendar_days VALUES ('05316023-3d8d-4315-809a-c8ee865e312b', 2024, '2024-02-18', '调休上班', false);
INSERT INTO public.calendar_days VALUES ('28810209-70a7-4cfd-a14c-45e04784a0e0', 2024, '2024-04-04', '清明节', true);
INSERT INTO public.calendar_days VALUES ('aa6849d8-16b2-4f9f-83ce-1743b652f9d7', 2024, '2024-04-05', '清明节', true);
INSERT INTO public.calendar_days VALUES ('a1f00c0a-10a1-4b48-b662-7d5b45bc50ae', 2024, '2024-04-06', '清明节', true);
INSERT INTO public.calendar_days VALUES ('57e12a2f-4c6b-4f33-bf4e-968dbe3363f3', 2024, '2024-04-07', '调休上班', false);
INSERT INTO public.calendar_days VALUES ('45f97649-b263-45d2-b650-d5c66bd15fd7', 2024, '2024-04-28', '调休上班', false);
INSERT INTO public.calendar_days VALUES ('ce615e81-fb6b-4c50-a568-5d9da3d4f85c', 2024, '2024-05-01', '劳动节', true);
INSERT INTO public.calendar_days VALUES ('ff3077c7-a73f-4e33-9921-15cad074c65a', 2024, '2024-05-02', '劳动节', true);
INSERT INTO public.calendar_days VALUES ('9cd56f09-809e-4792-9593-72fbc19bb2cc', 2024, '2024-05-03', '劳动节', true);
INSERT INTO public.calendar_days VALUES ('62c12380-6b2e-47e8-8961-5ac7698463e5', 2024, '2024-05-04', '劳动节', true);
INSERT INTO public.calendar_days VALUES ('c9252bb6-4ab9-42da-b83b-4a6ad5161f0d', 2024, '2024-05-05', '劳动节', true);
INSERT INTO public.calendar_days VALUES ('d8cd38b8-f38d-4358-9b35-530a36eb21ea', 2024, '2024-05-11', '调休上班', false);
INSERT INTO public.calendar_days VALUES ('78837b74-c400-44a4-905a-2c1e6da394e9', 2024, '2024-06-10', '端午节', true);
INSERT INTO public.calendar_days VALUES ('3381678e-b0e8-4ef9-a5a3-e829ab60ec75', 2024, '2024-09-14', '调休上班', false);
INSERT INTO public.calendar_days VALUES ('d57ccd22-f68e-49d6-8c42-a31e648aba89', 2024, '2024-09-15', '中秋节', true);
INSERT INTO public.calendar_days VALUES ('f576c3b5-da8e-49ef-bfd1-70f1b5079fd5', 2024, '2024-09-16', '中秋节', true);
INSERT INTO public.calendar_days VALUES ('02916dc8-91aa-4a9e-a52d-582fe0325af8', 2024, '2024-09-17', '中秋节', true);
INSERT INTO public.calendar_days VALUES ('bc379b82-ec5a-40b3-a277-c342fbf3a9a8', 2024, '2024-09-29', '调休上班', false);
INSERT INTO public.calendar_days VALUES ('5c5f0004-d042-41a2-a3bf-fba41f68b025', 2024, '2024-10-01', '国庆节', true);
INSERT INTO public.calendar_days VALUES ('dc136063-10ae-4a4d-9ff2-a9454c9f2470', 2024, '2024-10-02', '国庆节', true);
INSERT INTO public.calendar_days VALUES ('e1250efd-ee42-4bde-ad96-7f5b4d2acef7', 2024, '2024-10-03', '国庆节', true);
INSERT INTO public.calendar_days VALUES ('e788518b-acbf-435b-aafe-9b7c50c7b7e5', 2024, '2024-10-04', '国庆节', true);
INSERT INTO public.calendar_days VALUES ('4a21710d-5170-48b7-8c82-7077592be72e', 2024, '2024-10-05', '国庆节', true);
INSERT INTO public.calendar_days VALUES ('f895bdc5-dc8c-429a-89bc-3a803d76cdd8', 2024, '2024-10-06', '国庆节', true);
INSERT INTO public.calendar_days VALUES ('f33c4f84-fcb8-41ea-a7f3-6c95210db934', 2024, '2024-10-07', '国庆节', true);
INSERT INTO public.calendar_days VALUES ('280d7e11-2a36-4381-9c6e-df497095017d', 2024, '2024-10-12', '调休上班', false);
INSERT INTO public.calendar_days VALUES ('69454fc8-fc54-4fb7-a8ff-9a1c9f8afcac', 2025, '2025-01-01', '元旦', true);
INSERT INTO public.calendar_days VALUES ('5250ab72-b529-4c94-8a7b-2883afdc1ef5', 2025, '2025-01-26', '调休上班', false);
INSERT INTO public.calendar_days VALUES ('fda9a211-92d9-49fe-86ab-568b85954193', 2025, '2025-01-28', '春节', true);
INSERT INTO public.calendar_days VALUES ('b904c80d-d5a0-47e0-ad3e-8c9577b82cd8', 2025, '2025-01-29', '春节', true);
INSERT INTO public.calendar_days VALUES ('e55abfb8-770e-4b7a-ba95-744fbae95c61', 2025, '2025-01-30', '春节', true);
INSERT INTO public.calendar_days VALUES ('0e131163-c9eb-4339-ab8a-074e5c3916ac', 2025, '2025-01-31', '春节', true);
INSERT INTO public.calendar_days VALUES ('fda5d0e0-c34d-4ce2-95da-3361fe70e73d', 2025, '2025-02-01', '春节', true);
INSERT INTO public.calendar_days VALUES ('e6ec66db-1f99-4d80-8dd8-6f2fe8ce590e', 2025, '2025-02-02', '春节', true);
INSERT INTO public.calendar_days VALUES ('0abc62ce-b7c0-4c50-bdd6-c87f5c2c1dc8', 2025, '2025-02-03', '春节', true);
INSERT INTO public.calendar_days VALUES ('9942a0ed-ad05-4e57-b1a6-9a780bc13b4a', 2025, '2025-02-04', '春节', true);
INSERT INTO public.calendar_days VALUES ('516f5b60-f3bc-473d-8cb7-6bd22736243d', 2025, '2025-02-08', '调休上班', false);
INSERT INTO public.calendar_days VALUES ('90490e55-dd26-4378-9284-e347e08a7744', 2025, '2025-04-04', '清明节', true);
INSERT INTO public.calendar_days VALUES ('562013d8-ebea-4797-ba58-cb520b943913', 2025, '2025-04-05', '清明节', true);
INSERT INTO public.calendar_days VALUES ('88034de7-7cea-432f-aa39-10358bb098a1', 2025, '2025-04-06', '清明节', true);
INSERT INTO public.calendar_days VALUES ('594e10af-dd1b-45a3-8da0-76d64930835a', 2025, '2025-04-27', '调休上班', false);
INSERT INTO public.calendar_days VALUES ('ded01638-0466-43f5-8eb0-4c7e1c1c9fe7', 2025, '2025-05-01', '劳动节', true);
INSERT INTO public.calendar_days VALUES ('e6820716-011e-4fc7-b433-cd3899e3a149', 2025, '2025-05-02', '劳动节', true);
INSERT INTO public.calendar_days VALUES ('b349f50c-885c-4c35-aa54-a175b29c1489', 2025, '2025-05-03', '劳动节', true);
INSERT INTO public.calendar_days VALUES ('2c5283db-349f-4bf8-ba76-615e70bddff4', 2025, '2025-05-04', '劳动节', true);
INSERT INTO public.calendar_days VALUES ('7f4c74af-e291-4983-8e25-a4643fa57216', 2025, '2025-05-05', '劳动节', true);
INSERT INTO public.calendar_days VALUES ('e51a9b50-6510-4a91-af5a-52c83178c0b4', 2025, '2025-05-31', '端午节', true);
INSERT INTO public.calendar_days VALUES ('936b4469-20f5-4b66-821c-b02c476ee3bf', 2025, '2025-06-01', '端午节', true);
INSERT INTO public.calendar_days VALUES ('f638d009-8e4d-48da-ba0e-0b4473922e9a', 2025, '2025-06-02', '端午节', true);
INSERT INTO public.calendar_days VALUES ('1bba2983-202f-4b78-a712-41598c7f14c3', 2025, '2025-09-28', '调休上班', false);
INSERT INTO public.calendar_days VALUES ('6b9506fc-e007-469e-a1c6-b08226f3a327', 2025, '2025-10-01', '国庆节、中秋节', true);
INSERT INTO public.calendar_days VALUES ('e69efb33-685e-42b2-a3c2-bfde12e5563a', 2025, '2025-10-02', '国庆节、中秋节', true);
INSERT INTO public.calendar_days VALUES ('cb1f3c07-bb66-470a-a506-d480c04dc2ba', 2025, '2025-10-03', '国庆节、中秋节', true);
INSERT INTO public.calendar_days VALUES ('b1e76d27-a0cc-4d75-83a3-6ba85c7abc0d', 2025, '2025-10-04', '国庆节、中秋节', true);
INSERT INTO public.calendar_days VALUES ('92958170-cb2d-4a0b-ba85-8e5d30f24b29', 2025, '2025-10-05', '国庆节、中秋节', true);
INSERT INTO public.calendar_days VALUES ('d0cdbf7b-2257-44d7-a587-925cd1f6661d', 2025, '2025-10-06', '国庆节、中秋节', true);
INSERT INTO public.calendar_days VALUES ('bf7a06da-6fbb-4934-8521-f7f8002e3608', 2025, '2025-10-07', '国庆节、中秋节', true);
INSERT INTO public.calendar_days VALUES ('eb3d5c8c-5bd3-4973-9454-99b4ccea1c05', 2025, '2025-10-08', '国庆节、中秋节', true);
INSERT INTO public.calendar_days VALUES ('3ea89a2f-1b71-43e2-a6c7-bf19d807b34b', 2025, '2025-10-11', '调休上班', false);
INSERT INTO public.calendar_days VALUES ('fde55147-d58b-4d23-a16c-8819de1eebbc', 2026, '2026-01-01', '元旦', true);
INSERT INTO public.calendar_days VALUES ('e6b618b9-33fc-451a-816a-e8f0b8cf29b8', 2026, '2026-01-02', '元旦', true);
INSERT INTO public.calendar_days VALUES ('9bbe0c6f-cba9-4cea-98c6-194815667976', 2026, '2026-01-03', '元旦', true);
INSERT INTO public.calendar_days VALUES ('57384c0f-30cb-4adb-b499-17a8265e7b16', 2026, '2026-01-04', '调休上班', false);
INSERT INTO public.calendar_days VALUES ('271a605e-de02-4491-b03f-8eca08b1b9e8', 2026, '2026-02-14', '调休上班', false);
INSERT INTO public.calendar_days VALUES ('9fa631f1-e1e2-469b-9964-b88e56bbdd35', 2026, '2026-02-15', '春节', true);
INSERT INTO public.calendar_days VALUES ('67170da2-3bcc-4078-94c8-bb176e3c2ef5', 2026, '2026-02-16', '春节', true);
INSERT INTO public.calendar_days VALUES ('03dc0125-99f0-4441-87fd-75b54ab568a0', 2026, '2026-02-17', '春节', true);
INSERT INTO public.calendar_days VALUES ('839b618b-6b40-4cba-94e6-95bcc6c6f809', 2026, '2026-02-18', '春节', true);
INSERT INTO public.calendar_days VALUES ('1dc43a0a-7ef6-4c22-8a7f-6186fb5020ec', 2026, '2026-02-19', '春节', true);
INSERT INTO public.calendar_days VALUES ('c4e895d5-8471-46a5-8b36-588f7c97753c', 2026, '2026-02-20', '春节', true);
INSERT INTO public.calendar_days VALUES ('203ded67-cead-474b-a016-f2f52c785f7a', 2026, '2026-02-21', '春节', true);
INSERT INTO public.calendar_days VALUES ('b88101f6-6816-4c63-8023-82ab738ec406', 2026, '2026-02-22', '春节', true);
INSERT INTO public.calendar_days VALUES ('b2f3f394-e5b3-49cb-b007-60e1411d1ae9', 2026, '2026-02-23', '春节', true);
INSERT INTO public.calendar_days VALUES ('003da1c3-20d0-47e9-90de-59d7346f0476', 2026, '2026-02-28', '调休上班', false);
INSERT INTO public.calendar_days VALUES ('af9053c8-47f2-4f24-9f23-099dbd3ecdda', 2026, '2026-04-04', '清明节', true);
INSERT INTO public.calendar_days VALUES ('251f5607-0362-45ba-9150-b859d025b273', 2026, '2026-04-05', '清明节', true);
INSERT INTO public.calendar_days VALUES ('38df7270-8175-4e17-88d0-f79d14852bd5', 2026, '2026-04-06', '清明节', true);
INSERT INTO public.calendar_days VALUES ('8ba1fbe1-88a8-4476-a8d3-de6f7d2345d6', 2026, '2026-05-01', '劳动节', true);
INSERT INTO public.calendar_days VALUES ('39af4d3a-af3e-401f-a1ad-5472e54c6118', 2026, '2026-05-02', '劳动节', true);
INSERT INTO public.calendar_days VALUES ('dc2d34ab-be47-401c-b76c-803cf0a19583', 2026, '2026-05-03', '劳动节', true);
INSERT INTO public.calendar_days VALUES ('f22c5fa0-a036-424c-9f54-3c515cc58e78', 2026, '2026-05-04', '劳动节', true);
INSERT INTO public.calendar_days VALUES ('82d27ae9-5493-4fec-8ab3-7d7eb891a169', 2026, '2026-05-05', '劳动节', true);
INSERT INTO public.calendar_days VALUES ('b1b4d607-bad4-4e7f-9938-3732358baaba', 2026, '2026-05-09', '调休上班', false);
INSERT INTO public.calendar_days VALUES ('791fc869-cc06-4133-97a1-ce2ddbed5885', 2026, '2026-06-19', '端午节', true);
INSERT INTO public.calendar_days VALUES ('ba9146a1-fedf-436c-b66e-39db666d43bc', 2026, '2026-06-20', '端午节', true);
INSERT INTO public.calendar_days VALUES ('ac30a902-5346-4ead-b04b-d5e162b172f2', 2026, '2026-06-21', '端午节', true);
INSERT INTO public.calendar_days VALUES ('0e80ff00-3506-42c7-b96f-42a3c755a6ac', 2026, '2026-09-20', '调休上班', false);
INSERT INTO public.calendar_days VALUES ('059e394b-107a-401c-9996-2e5e24bd99fe', 2026, '2026-09-25', '中秋节', true);
INSERT INTO public.calendar_days VALUES ('877240df-4967-4f81-b900-efb187011d08', 2026, '2026-09-26', '中秋节', true);
INSERT INTO public.calendar_days VALUES ('73061947-2e8f-4743-9f27-d9c68ffa014b', 2026, '2026-09-27', '中秋节', true);
INSERT INTO public.calendar_days VALUES ('81436f16-425e-40bd-82a5-793228d6f3c2', 2026, '2026-10-01', '国庆节', true);
INSERT INTO public.calendar_days VALUES ('d2caf3bb-9af4-4621-8b11-548d6250897d', 2026, '2026-10-02', '国庆节', true);
INSERT INTO public.calendar_days VALUES ('50a1a999-90ea-44f8-932e-bfe584bf4b58', 2026, '2026-10-03', '国庆节', true);
INSERT INTO public.calendar_days VALUES ('d010da22-4559-4d03-9b4b-990cc19d9945', 2026, '2026-10-04', '国庆节', true);
INSERT INTO public.calendar_days VALUES ('2181db6d-09fa-4493-9e90-ec6d6ef80809', 2026, '2026-10-05', '国庆节', true);
INSERT INTO public.calendar_days VALUES ('88b3755f-8083-4652-bd7e-778db47c42e8', 2026, '2026-10-06', '国庆节', true);
INSERT INTO public.calendar_days VALUES ('7df2534a-7173-4574-ba9d-81a2422154f2', 2026, '2026-10-07', '国庆节', true);
INSERT INTO public.calendar_days VALUES ('df9ee327-0b72-4009-8475-edb0b949581c', 2026, '2026-10-10', '调休上班', false);



INSERT INTO public.calendar_years VALUES (2023, '国办发明电〔2022〕16号', '2026-12-04 15:20:51.392491+00', '内置');
INSERT INTO public.calendar_years VALUES (2024, '国办发明电〔2023〕7号', '2026-12-04 15:20:51.429303+00', '内置');
INSERT INTO public.calendar_years VALUES (2025, '国办发明电〔2024〕12号', '2026-12-04 15:20:51.474075+00', '内置');
INSERT INTO public.calendar_years VALUES (2026, '国务院办公厅 2025-11-04 通知', '2026-12-04 15:20:51.527977+00', '内置');


















INSERT INTO public.job_runs VALUES ('reminders.plan', '2026-12-04T23', 'vm#20255', 1796397652312, 1796397652415, 'planned 0');



INSERT INTO public.numbering_rules VALUES ('normative-documents', 'LCDR', '{prefix}-{year}-{issuer:3}{seq:4}');

































INSERT INTO public.reminder_plans VALUES ('business_licence', '90,30,7,0', 1, 1, 0, 20, 8, 1796397651623);
INSERT INTO public.reminder_plans VALUES ('food_business', '90,30,7,0', 1, 1, 0, 20, 8, 1796397651623);
INSERT INTO public.reminder_plans VALUES ('public_health', '90,30,7,0', 1, 1, 0, 20, 8, 1796397651623);
INSERT INTO public.reminder_plans VALUES ('drug_business', '90,30,7,0', 1, 1, 0, 20, 8, 1796397651623);
INSERT INTO public.reminder_plans VALUES ('clinic_filing', '90,30,7,0', 1, 1, 0, 20, 8, 1796397651623);









INSERT INTO public.role_permissions VALUES ('d1f597b3-06bc-4b97-8574-5684b28c0285', '524993ef-4c32-43e9-857a-f30bd72382fe', 'calendar.manage');
INSERT INTO public.role_permissions VALUES ('c2d20d41-e84a-4e5e-86d7-f1b31584ac38', '524993ef-4c32-43e9-857a-f30bd72382fe', 'ops.metrics');
INSERT INTO public.role_permissions VALUES ('5f296f2f-a1da-4ef7-bb00-32ccff3977e2', '524993ef-4c32-43e9-857a-f30bd72382fe', 'role.read');
INSERT INTO public.role_permissions VALUES ('f5e30373-c5b4-48c1-88dd-5d542c256521', '524993ef-4c32-43e9-857a-f30bd72382fe', 'unit.manage');
INSERT INTO public.role_permissions VALUES ('357fa469-cbf4-4e0f-99ea-3ff4199ac013', '524993ef-4c32-43e9-857a-f30bd72382fe', 'unit.read');
INSERT INTO public.role_permissions VALUES ('61e37ccd-c26d-4e7a-a006-3b6552050206', '524993ef-4c32-43e9-857a-f30bd72382fe', 'user.manage');
INSERT INTO public.role_permissions VALUES ('b3c85b0e-08b4-41e9-abb0-f0c315e74d6c', '524993ef-4c32-43e9-857a-f30bd72382fe', 'user.read');
INSERT INTO public.role_permissions VALUES ('921f74d4-ff1c-4674-a514-60371aab5517', '3bec99c9-09ec-4577-9366-7d8c2c94090d', 'account.duty.manage');
INSERT INTO public.role_permissions VALUES ('65cd9f28-7287-4122-92fd-43383be9d3c5', '3bec99c9-09ec-4577-9366-7d8c2c94090d', 'role.manage');
INSERT INTO public.role_permissions VALUES ('8d5bf6d2-b009-4f18-bbb1-242e3a2175bc', '3bec99c9-09ec-4577-9366-7d8c2c94090d', 'role.read');
INSERT INTO public.role_permissions VALUES ('1ea42e88-51dc-4320-a735-02b818233ea1', '3bec99c9-09ec-4577-9366-7d8c2c94090d', 'unit.read');
INSERT INTO public.role_permissions VALUES ('3fd1c196-2055-4a69-9b81-b9f8e61d5d29', '3bec99c9-09ec-4577-9366-7d8c2c94090d', 'user.read');
INSERT INTO public.role_permissions VALUES ('986226bf-eec6-4d1b-a190-165b0d060270', 'e4175e83-b8c5-4b70-a909-456fc6c36512', 'audit.export');
INSERT INTO public.role_permissions VALUES ('f4d9f1a5-a16f-48ad-97f7-123b99c9603c', 'e4175e83-b8c5-4b70-a909-456fc6c36512', 'audit.read');
INSERT INTO public.role_permissions VALUES ('8e663c3d-a1f7-4eee-8511-c75d5ec63719', 'f61bb646-45a7-4338-9ff7-9da48493736e', 'inspection.manage');
INSERT INTO public.role_permissions VALUES ('3112da0d-8325-4836-9ddf-3f87d90c59b1', 'f61bb646-45a7-4338-9ff7-9da48493736e', 'inspection.read');
INSERT INTO public.role_permissions VALUES ('ed1af39d-bf6e-4298-9afc-6ff0bc0e0d1f', 'f61bb646-45a7-4338-9ff7-9da48493736e', 'lawmaking.manage');
INSERT INTO public.role_permissions VALUES ('9522820e-2989-4d83-9961-7dbdd0e614c7', 'f61bb646-45a7-4338-9ff7-9da48493736e', 'lawmaking.read');
INSERT INTO public.role_permissions VALUES ('e0c4043d-5195-4a6c-9cd2-bb5c087409a5', 'f61bb646-45a7-4338-9ff7-9da48493736e', 'leadership.manage');
INSERT INTO public.role_permissions VALUES ('d6155453-7fd5-4ce9-8fa8-0826535f46db', 'f61bb646-45a7-4338-9ff7-9da48493736e', 'leadership.read');
INSERT INTO public.role_permissions VALUES ('49343318-0239-452c-9bbe-fb97365031ec', 'f61bb646-45a7-4338-9ff7-9da48493736e', 'licence.manage');
INSERT INTO public.role_permissions VALUES ('8bbf9e66-9da3-4189-8579-ef90feb81421', 'f61bb646-45a7-4338-9ff7-9da48493736e', 'licence.read');
INSERT INTO public.role_permissions VALUES ('ffc0d1f9-435e-4a08-8333-1f28276a516c', 'f61bb646-45a7-4338-9ff7-9da48493736e', 'personal.view');
INSERT INTO public.role_permissions VALUES ('54a8ce0d-527b-42a4-a721-dcb7a305b1e8', 'f61bb646-45a7-4338-9ff7-9da48493736e', 'rectification.report');
INSERT INTO public.role_permissions VALUES ('c2a6a040-c367-4438-a7ca-402c8becbe60', 'f61bb646-45a7-4338-9ff7-9da48493736e', 'reminder.manage');
INSERT INTO public.role_permissions VALUES ('9b1b46bb-5285-42ad-83ce-0b93cb181b18', 'f61bb646-45a7-4338-9ff7-9da48493736e', 'report.manage');
INSERT INTO public.role_permissions VALUES ('c4bc1c6f-bbd0-462a-a232-37a24370307c', 'f61bb646-45a7-4338-9ff7-9da48493736e', 'report.read');
INSERT INTO public.role_permissions VALUES ('c425f2b6-2f11-4d5c-9478-2fdf6548a8fc', 'f61bb646-45a7-4338-9ff7-9da48493736e', 'review.manage');
INSERT INTO public.role_permissions VALUES ('50c6626c-08e7-4cec-b492-6c4bc55628a6', 'f61bb646-45a7-4338-9ff7-9da48493736e', 'review.perform');
INSERT INTO public.role_permissions VALUES ('a1bddc6f-3903-4385-8b03-d143ea61974a', 'f61bb646-45a7-4338-9ff7-9da48493736e', 'review.read');
INSERT INTO public.role_permissions VALUES ('ed10a5d0-a74d-4104-be19-03a424cffcdc', 'f61bb646-45a7-4338-9ff7-9da48493736e', 'settings.manage');
INSERT INTO public.role_permissions VALUES ('9ae6adc0-d585-45da-aed2-e59bc8c492ac', 'f61bb646-45a7-4338-9ff7-9da48493736e', 'unit.read');
INSERT INTO public.role_permissions VALUES ('efd68f9d-6120-43ca-b81a-07a97503e3ae', 'f61bb646-45a7-4338-9ff7-9da48493736e', 'user.read');
INSERT INTO public.role_permissions VALUES ('d525dcf7-9f67-4ad8-89ee-a9e48e6416b6', 'd032f33d-1185-4e22-b132-888f03395fd3', 'inspection.read');
INSERT INTO public.role_permissions VALUES ('b94308bb-b250-4cb1-8d23-a024a3dc1705', 'd032f33d-1185-4e22-b132-888f03395fd3', 'lawmaking.manage');
INSERT INTO public.role_permissions VALUES ('cbfc60a3-eec1-46b8-a66c-4f706bf5288d', 'd032f33d-1185-4e22-b132-888f03395fd3', 'lawmaking.read');
INSERT INTO public.role_permissions VALUES ('639b8276-4e1d-4b08-a49d-f0c9155abf2d', 'd032f33d-1185-4e22-b132-888f03395fd3', 'leadership.manage');
INSERT INTO public.role_permissions VALUES ('e79006b1-8268-4f67-b790-37bba6c32e6e', 'd032f33d-1185-4e22-b132-888f03395fd3', 'leadership.read');
INSERT INTO public.role_permissions VALUES ('f203db23-10b8-4844-8247-0c59a64eee91', 'd032f33d-1185-4e22-b132-888f03395fd3', 'licence.manage');
INSERT INTO public.role_permissions VALUES ('f966fe91-bebf-43c8-a8ae-0bcc4983a7f9', 'd032f33d-1185-4e22-b132-888f03395fd3', 'licence.read');
INSERT INTO public.role_permissions VALUES ('da32fbea-055a-4b4e-8e3a-53c6e568d3db', 'd032f33d-1185-4e22-b132-888f03395fd3', 'rectification.report');
INSERT INTO public.role_permissions VALUES ('6481b7d1-dfea-4a58-b7b1-d0a490289ec1', 'd032f33d-1185-4e22-b132-888f03395fd3', 'report.read');
INSERT INTO public.role_permissions VALUES ('21837a66-c52c-4db5-8b8e-91f36ba36509', 'd032f33d-1185-4e22-b132-888f03395fd3', 'review.manage');
INSERT INTO public.role_permissions VALUES ('ab36dd8a-3178-4ec6-b176-45106b6e583f', 'd032f33d-1185-4e22-b132-888f03395fd3', 'review.read');
INSERT INTO public.role_permissions VALUES ('7ec86eed-7264-4ae9-aea9-7f51bc5dd511', 'd032f33d-1185-4e22-b132-888f03395fd3', 'unit.read');
INSERT INTO public.role_permissions VALUES ('b24b0a7e-fc80-419c-8273-e053d71fb2ec', 'd032f33d-1185-4e22-b132-888f03395fd3', 'user.read');
INSERT INTO public.role_permissions VALUES ('80cbb40b-7545-43b4-afe0-04715ddc19df', 'faf1c1db-3854-4f87-965b-37c099bae115', 'inspection.read');
INSERT INTO public.role_permissions VALUES ('51d1f2d9-d6db-4ec5-98c6-7fa478218266', 'faf1c1db-3854-4f87-965b-37c099bae115', 'lawmaking.read');
INSERT INTO public.role_permissions VALUES ('c83de40e-89a7-4bca-b168-907f02c1ec66', 'faf1c1db-3854-4f87-965b-37c099bae115', 'leadership.manage');
INSERT INTO public.role_permissions VALUES ('eb2e4f2c-edb0-4f73-b1bc-b93e0046ec9f', 'faf1c1db-3854-4f87-965b-37c099bae115', 'leadership.read');
INSERT INTO public.role_permissions VALUES ('5d2594a3-be77-4c63-b28e-ed8605bb81b7', 'faf1c1db-3854-4f87-965b-37c099bae115', 'rectification.report');
INSERT INTO public.role_permissions VALUES ('18bc7b90-01f2-48b5-8c7f-2732c5fb8f92', 'faf1c1db-3854-4f87-965b-37c099bae115', 'report.read');
INSERT INTO public.role_permissions VALUES ('1e521972-322f-46af-a08f-d81c7ae2303d', 'faf1c1db-3854-4f87-965b-37c099bae115', 'review.manage');
INSERT INTO public.role_permissions VALUES ('d1a66fc4-3f35-4e64-9526-35d7d0222031', 'faf1c1db-3854-4f87-965b-37c099bae115', 'review.read');
INSERT INTO public.role_permissions VALUES ('ecb0d7cd-8300-44cf-b791-006c2a3c6964', 'faf1c1db-3854-4f87-965b-37c099bae115', 'unit.read');
INSERT INTO public.role_permissions VALUES ('926e240f-069b-402c-8e3c-9a98966d6297', 'faf1c1db-3854-4f87-965b-37c099bae115', 'user.read');
INSERT INTO public.role_permissions VALUES ('c3ee70ed-776c-498a-9b7f-398c049e5f8f', '13324032-091a-4e01-809e-92bc9c161d77', 'inspection.read');
INSERT INTO public.role_permissions VALUES ('dfeec136-6042-4dc2-a0b5-997730b3dc2c', '13324032-091a-4e01-809e-92bc9c161d77', 'lawmaking.read');
INSERT INTO public.role_permissions VALUES ('d0416895-7fd3-4a95-bf49-aed297ea23da', '13324032-091a-4e01-809e-92bc9c161d77', 'leadership.read');
INSERT INTO public.role_permissions VALUES ('618b68cb-4d71-4709-8105-6df58053ce3c', '13324032-091a-4e01-809e-92bc9c161d77', 'licence.read');
INSERT INTO public.role_permissions VALUES ('a0421244-b39c-4fde-a18f-9da4037e2cc2', '13324032-091a-4e01-809e-92bc9c161d77', 'report.read');
INSERT INTO public.role_permissions VALUES ('5ceafb3c-ba57-4cc1-83c3-44008191ceab', '13324032-091a-4e01-809e-92bc9c161d77', 'review.read');
INSERT INTO public.role_permissions VALUES ('841bedc8-5a3f-427a-a89d-6b009d79bfce', '13324032-091a-4e01-809e-92bc9c161d77', 'unit.read');
INSERT INTO public.role_permissions VALUES ('48b29d20-e068-46ec-91c1-b3a5d122b5cf', '13324032-091a-4e01-809e-92bc9c161d77', 'user.read');
INSERT INTO public.role_permissions VALUES ('5a839401-d781-4691-92b2-e8fb25bf4b49', '501bc817-7fef-4dff-b41a-f06a3ffc0eb1', 'lawmaking.read');
INSERT INTO public.role_permissions VALUES ('25ea2b85-3761-43d2-a6f2-e699964c76aa', '501bc817-7fef-4dff-b41a-f06a3ffc0eb1', 'review.perform');
INSERT INTO public.role_permissions VALUES ('8de32403-852b-41b6-b61c-6ccf43faa631', '501bc817-7fef-4dff-b41a-f06a3ffc0eb1', 'review.read');
INSERT INTO public.role_permissions VALUES ('1d2094ff-4c80-4165-a236-679aabb5b07b', '501bc817-7fef-4dff-b41a-f06a3ffc0eb1', 'unit.read');






INSERT INTO public.roles VALUES ('524993ef-4c32-43e9-857a-f30bd72382fe', 'system_admin', '系统管理员', 'system', 'all', true, '2026-12-04 15:20:52.108424+00', '2026-12-04 15:20:52.108424+00');
INSERT INTO public.roles VALUES ('3bec99c9-09ec-4577-9366-7d8c2c94090d', 'security_admin', '安全保密管理员', 'security', 'all', true, '2026-12-04 15:20:52.12686+00', '2026-12-04 15:20:52.12686+00');
INSERT INTO public.roles VALUES ('e4175e83-b8c5-4b70-a909-456fc6c36512', 'audit_admin', '安全审计员', 'audit', 'all', true, '2026-12-04 15:20:52.138007+00', '2026-12-04 15:20:52.138007+00');
INSERT INTO public.roles VALUES ('f61bb646-45a7-4338-9ff7-9da48493736e', 'district_office', '区委依法治区办', NULL, 'district', true, '2026-12-04 15:20:52.147208+00', '2026-12-04 15:20:52.147208+00');
INSERT INTO public.roles VALUES ('d032f33d-1185-4e22-b132-888f03395fd3', 'department_clerk', '部门工作人员', NULL, 'own_unit', true, '2026-12-04 15:20:52.172465+00', '2026-12-04 15:20:52.172465+00');
INSERT INTO public.roles VALUES ('faf1c1db-3854-4f87-965b-37c099bae115', 'town_clerk', '镇街司法所工作人员', NULL, 'unit_and_below', true, '2026-12-04 15:20:52.192482+00', '2026-12-04 15:20:52.192482+00');
INSERT INTO public.roles VALUES ('13324032-091a-4e01-809e-92bc9c161d77', 'unit_head', '单位负责人', NULL, 'unit_and_below', true, '2026-12-04 15:20:52.212987+00', '2026-12-04 15:20:52.212987+00');
INSERT INTO public.roles VALUES ('501bc817-7fef-4dff-b41a-f06a3ffc0eb1', 'reviewer', '合法性审查人员', NULL, 'unit_and_below', true, '2026-12-04 15:20:52.234345+00', '2026-12-04 15:20:52.234345+00');









INSERT INTO public.units VALUES ('383ed0d3-5c0f-412f-a8df-97ed9b3eb7ed', '371502', '东昌府区', 'district', NULL, 0, '2026-12-04 15:20:52.248354+00', '2026-12-04 15:20:52.248354+00');



INSERT INTO public.user_roles VALUES ('ba2f3b6e-e001-435f-bf65-dac22f37e900', '6826470d-c210-49bc-b700-c68762e8de40', '524993ef-4c32-43e9-857a-f30bd72382fe');
INSERT INTO public.user_roles VALUES ('0f51c86a-d833-4de5-b367-bed368405c3c', '1dc3ee44-f96d-47a6-a684-d224189a66be', '3bec99c9-09ec-4577-9366-7d8c2c94090d');
INSERT INTO public.user_roles VALUES ('351c7173-285c-4c7b-8d32-a7dfc593f2fe', '795513f6-2a07-4290-ad2b-37160ed5ddba', 'e4175e83-b8c5-4b70-a909-456fc6c36512');



INSERT INTO public.user_units VALUES ('a710ce14-d3ce-4b80-9c91-7f39851824f8', '6826470d-c210-49bc-b700-c68762e8de40', '383ed0d3-5c0f-412f-a8df-97ed9b3eb7ed', true);
INSERT INTO public.user_units VALUES ('fa43d49d-4ff0-4d9e-a0b9-fe19133376df', '1dc3ee44-f96d-47a6-a684-d224189a66be', '383ed0d3-5c0f-412f-a8df-97ed9b3eb7ed', true);
INSERT INTO public.user_units VALUES ('ef15264c-8808-402e-b5fa-ea4aa400aa63', '795513f6-2a07-4290-ad2b-37160ed5ddba', '383ed0d3-5c0f-412f-a8df-97ed9b3eb7ed', true);



INSERT INTO public.users VALUES ('6826470d-c210-49bc-b700-c68762e8de40', 'admin', '系统管理员', NULL, '$2b$04$YUVYiW9T9XM5eaHrkonRluVDIgQT0.PjLe6sC.iGrds5HFbU3fTS2', true, 0, NULL, true, NULL, '2026-12-04 15:20:52.257128+00', '2026-12-04 15:20:52.257128+00', '383ED0D3-5C0F-412F-A8DF-97ED9B3EB7ED');
INSERT INTO public.users VALUES ('1dc3ee44-f96d-47a6-a684-d224189a66be', 'secadmin', '安全保密管理员', NULL, '$2b$04$WArjdp3xpzeGXkZgsXs49.XJykbtyApUx7TQxapZX8scVw/V09.cW', true, 0, NULL, true, NULL, '2026-12-04 15:20:52.279796+00', '2026-12-04 15:20:52.279796+00', '383ED0D3-5C0F-412F-A8DF-97ED9B3EB7ED');
INSERT INTO public.users VALUES ('795513f6-2a07-4290-ad2b-37160ed5ddba', 'auditor', '安全审计员', NULL, '$2b$04$zb2bJbq4AkMPTnejdoBEMOemnnBXEH1vcbST8VhUZjhOsQBZ9rIbO', true, 0, NULL, true, NULL, '2026-12-04 15:20:52.296669+00', '2026-12-04 15:20:52.296669+00', '383ED0D3-5C0F-412F-A8DF-97ED9B3EB7ED');






SELECT pg_catalog.setval('public.inbox_messages_id_seq', 1, false);



SELECT pg_catalog.setval('public.reminder_attempts_id_seq', 1, false);



SELECT pg_catalog.setval('public.reminders_id_seq', 1, false);



SELECT pg_catalog.setval('public.verification_codes_id_seq', 1, false);



ALTER TABLE ONLY public._fluent_migrations
    ADD CONSTRAINT _fluent_migrations_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT api_tokens_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.attachments
    ADD CONSTRAINT attachments_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.audit_head
    ADD CONSTRAINT audit_head_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (seq);



ALTER TABLE ONLY public.calendar_days
    ADD CONSTRAINT calendar_days_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.calendar_years
    ADD CONSTRAINT calendar_years_pkey PRIMARY KEY (year);



ALTER TABLE ONLY public.district_numbering_rules
    ADD CONSTRAINT district_numbering_rules_pkey PRIMARY KEY (district_id, register);



ALTER TABLE ONLY public.district_registration_sequences
    ADD CONSTRAINT district_registration_sequences_pkey PRIMARY KEY (district_id, prefix, year);



ALTER TABLE ONLY public.district_reminder_plans
    ADD CONSTRAINT district_reminder_plans_pkey PRIMARY KEY (district_id, kind);



ALTER TABLE ONLY public.holder_subscriptions
    ADD CONSTRAINT holder_subscriptions_pkey PRIMARY KEY (credit_code);



ALTER TABLE ONLY public.inbox_messages
    ADD CONSTRAINT inbox_messages_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.inbox_messages
    ADD CONSTRAINT inbox_messages_reminder_id_key UNIQUE (reminder_id);



ALTER TABLE ONLY public.job_runs
    ADD CONSTRAINT job_runs_pkey PRIMARY KEY (job, slot);



ALTER TABLE ONLY public.numbering_rules
    ADD CONSTRAINT numbering_rules_pkey PRIMARY KEY (register);



ALTER TABLE ONLY public.rec_inspections
    ADD CONSTRAINT rec_inspections_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.rec_legal_advisers
    ADD CONSTRAINT rec_legal_advisers_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.rec_legality_reviews
    ADD CONSTRAINT rec_legality_reviews_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.rec_licences
    ADD CONSTRAINT rec_licences_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.rec_major_decisions
    ADD CONSTRAINT rec_major_decisions_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.rec_market_entities
    ADD CONSTRAINT rec_market_entities_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.rec_normative_documents
    ADD CONSTRAINT rec_normative_documents_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.rec_rectifications
    ADD CONSTRAINT rec_rectifications_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.rec_study_activities
    ADD CONSTRAINT rec_study_activities_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.reminder_attempts
    ADD CONSTRAINT reminder_attempts_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.reminder_plans
    ADD CONSTRAINT reminder_plans_pkey PRIMARY KEY (kind);



ALTER TABLE ONLY public.reminders
    ADD CONSTRAINT reminders_key_key UNIQUE (key);



ALTER TABLE ONLY public.reminders
    ADD CONSTRAINT reminders_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.report_texts
    ADD CONSTRAINT report_texts_by_district_district_id_year_section_version_key UNIQUE (district_id, year, section, version);



ALTER TABLE ONLY public.report_texts
    ADD CONSTRAINT report_texts_by_district_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.role_permissions
    ADD CONSTRAINT role_permissions_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.role_scope_units
    ADD CONSTRAINT role_scope_units_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.roles
    ADD CONSTRAINT roles_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.sign_in_failures
    ADD CONSTRAINT sign_in_failures_pkey PRIMARY KEY (address);



ALTER TABLE ONLY public.units
    ADD CONSTRAINT units_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public._fluent_migrations
    ADD CONSTRAINT "uq:_fluent_migrations.name" UNIQUE (name);



ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT "uq:api_tokens.token_hash" UNIQUE (token_hash);



ALTER TABLE ONLY public.calendar_days
    ADD CONSTRAINT "uq:calendar_days.notice_year+calendar_days.date" UNIQUE (notice_year, date);



ALTER TABLE ONLY public.role_permissions
    ADD CONSTRAINT "uq:role_permissions.role_id+role_permissions.permission" UNIQUE (role_id, permission);



ALTER TABLE ONLY public.role_scope_units
    ADD CONSTRAINT "uq:role_scope_units.role_id+role_scope_units.unit_id" UNIQUE (role_id, unit_id);



ALTER TABLE ONLY public.roles
    ADD CONSTRAINT "uq:roles.code" UNIQUE (code);



ALTER TABLE ONLY public.units
    ADD CONSTRAINT "uq:units.code" UNIQUE (code);



ALTER TABLE ONLY public.user_roles
    ADD CONSTRAINT "uq:user_roles.user_id+user_roles.role_id" UNIQUE (user_id, role_id);



ALTER TABLE ONLY public.user_units
    ADD CONSTRAINT "uq:user_units.user_id+user_units.unit_id" UNIQUE (user_id, unit_id);



ALTER TABLE ONLY public.users
    ADD CONSTRAINT "uq:users.username" UNIQUE (username);



ALTER TABLE ONLY public.user_roles
    ADD CONSTRAINT user_roles_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.user_units
    ADD CONSTRAINT user_units_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);



ALTER TABLE ONLY public.verification_codes
    ADD CONSTRAINT verification_codes_grant_hash_key UNIQUE (grant_hash);



ALTER TABLE ONLY public.verification_codes
    ADD CONSTRAINT verification_codes_pkey PRIMARY KEY (id);



CREATE INDEX attachments_record_idx ON public.attachments USING btree (record_type, record_id);



CREATE INDEX attachments_sha_idx ON public.attachments USING btree (sha256);



CREATE INDEX audit_log_action_seq ON public.audit_log USING btree (action, seq);



CREATE INDEX audit_log_actor_seq ON public.audit_log USING btree (actor_id, seq);



CREATE INDEX audit_log_entity_seq ON public.audit_log USING btree (entity_type, entity_id, seq);



CREATE INDEX audit_log_time_idx ON public.audit_log USING btree (occurred_at_ms);



CREATE INDEX audit_log_type_seq ON public.audit_log USING btree (entity_type, seq);



CREATE INDEX inbox_messages_user_idx ON public.inbox_messages USING btree (user_id, created_at);



CREATE INDEX rec_inspections_by_kind ON public.rec_inspections USING btree (kind, started_on, id, target, created_by);



CREATE INDEX rec_inspections_by_state ON public.rec_inspections USING btree (state, started_on, id, target, created_by);



CREATE INDEX rec_inspections_by_target ON public.rec_inspections USING btree (target, started_on, id, created_by);



CREATE INDEX rec_inspections_creator ON public.rec_inspections USING btree (created_by, target);



CREATE INDEX rec_inspections_list_created_at ON public.rec_inspections USING btree (created_at, id, target, created_by);



CREATE INDEX rec_inspections_list_started_on ON public.rec_inspections USING btree (started_on, id, target, created_by);



CREATE UNIQUE INDEX rec_inspections_natural_key ON public.rec_inspections USING btree (batch, target);



CREATE INDEX rec_inspections_search ON public.rec_inspections USING gin ((((((COALESCE(batch, ''::text) || ' '::text) || COALESCE(findings, ''::text)) || ' '::text) || COALESCE(leader, ''::text))) public.gin_trgm_ops) WITH (gin_pending_list_limit='256');



CREATE INDEX rec_inspections_target_kind ON public.rec_inspections USING btree (target, kind, created_by);



CREATE INDEX rec_inspections_target_state ON public.rec_inspections USING btree (target, state, created_by);



CREATE INDEX rec_inspections_title ON public.rec_inspections USING btree (batch, target);



CREATE INDEX rec_legal_advisers_by_kind ON public.rec_legal_advisers USING btree (kind, term_to, id, unit, created_by);



CREATE INDEX rec_legal_advisers_by_state ON public.rec_legal_advisers USING btree (state, term_to, id, unit, created_by);



CREATE INDEX rec_legal_advisers_by_unit ON public.rec_legal_advisers USING btree (unit, term_to, id, created_by);



CREATE INDEX rec_legal_advisers_creator ON public.rec_legal_advisers USING btree (created_by, unit);



CREATE INDEX rec_legal_advisers_list_created_at ON public.rec_legal_advisers USING btree (created_at, id, unit, created_by);



CREATE INDEX rec_legal_advisers_list_term_to ON public.rec_legal_advisers USING btree (term_to, id, unit, created_by);



CREATE UNIQUE INDEX rec_legal_advisers_natural_key ON public.rec_legal_advisers USING btree (name, unit, term_from);



CREATE INDEX rec_legal_advisers_open_term_to ON public.rec_legal_advisers USING btree (state, term_to, id, unit, created_by);



CREATE INDEX rec_legal_advisers_search ON public.rec_legal_advisers USING gin ((((((COALESCE(name, ''::text) || ' '::text) || COALESCE(employer, ''::text)) || ' '::text) || COALESCE(expertise, ''::text))) public.gin_trgm_ops) WITH (gin_pending_list_limit='256');



CREATE INDEX rec_legal_advisers_title ON public.rec_legal_advisers USING btree (name, unit);



CREATE INDEX rec_legal_advisers_unit_kind ON public.rec_legal_advisers USING btree (unit, kind, created_by);



CREATE INDEX rec_legal_advisers_unit_state ON public.rec_legal_advisers USING btree (unit, state, created_by);



CREATE INDEX rec_legality_reviews_by_counsel ON public.rec_legality_reviews USING btree (counsel, received_on, id, requester, created_by);



CREATE INDEX rec_legality_reviews_by_kind ON public.rec_legality_reviews USING btree (kind, received_on, id, requester, created_by);



CREATE INDEX rec_legality_reviews_by_opinion ON public.rec_legality_reviews USING btree (opinion, received_on, id, requester, created_by);



CREATE INDEX rec_legality_reviews_by_requester ON public.rec_legality_reviews USING btree (requester, received_on, id, created_by);



CREATE INDEX rec_legality_reviews_by_state ON public.rec_legality_reviews USING btree (state, received_on, id, requester, created_by);



CREATE INDEX rec_legality_reviews_creator ON public.rec_legality_reviews USING btree (created_by, requester);



CREATE INDEX rec_legality_reviews_due_on_idx ON public.rec_legality_reviews USING btree (due_on);



CREATE INDEX rec_legality_reviews_list_created_at ON public.rec_legality_reviews USING btree (created_at, id, requester, created_by);



CREATE INDEX rec_legality_reviews_list_due_on ON public.rec_legality_reviews USING btree (due_on, id, requester, created_by);



CREATE INDEX rec_legality_reviews_list_received_on ON public.rec_legality_reviews USING btree (received_on, id, requester, created_by);



CREATE INDEX rec_legality_reviews_open_due_on ON public.rec_legality_reviews USING btree (state, due_on, id, requester, created_by);



CREATE INDEX rec_legality_reviews_requester_counsel ON public.rec_legality_reviews USING btree (requester, counsel, created_by);



CREATE INDEX rec_legality_reviews_requester_kind ON public.rec_legality_reviews USING btree (requester, kind, created_by);



CREATE INDEX rec_legality_reviews_requester_opinion ON public.rec_legality_reviews USING btree (requester, opinion, created_by);



CREATE INDEX rec_legality_reviews_requester_state ON public.rec_legality_reviews USING btree (requester, state, created_by);



CREATE INDEX rec_legality_reviews_search ON public.rec_legality_reviews USING gin ((((((COALESCE(subject, ''::text) || ' '::text) || COALESCE(opinion_text, ''::text)) || ' '::text) || COALESCE(adviser, ''::text))) public.gin_trgm_ops) WITH (gin_pending_list_limit='256');



CREATE INDEX rec_legality_reviews_title ON public.rec_legality_reviews USING btree (subject, requester);



CREATE INDEX rec_licences_by_issuer ON public.rec_licences USING btree (issuer, expires_on, id, created_by);



CREATE INDEX rec_licences_by_kind ON public.rec_licences USING btree (kind, expires_on, id, issuer, created_by);



CREATE INDEX rec_licences_by_state ON public.rec_licences USING btree (state, expires_on, id, issuer, created_by);



CREATE INDEX rec_licences_creator ON public.rec_licences USING btree (created_by, issuer);



CREATE INDEX rec_licences_issuer_kind ON public.rec_licences USING btree (issuer, kind, created_by);



CREATE INDEX rec_licences_issuer_state ON public.rec_licences USING btree (issuer, state, created_by);



CREATE INDEX rec_licences_list_created_at ON public.rec_licences USING btree (created_at, id, issuer, created_by);



CREATE INDEX rec_licences_list_expires_on ON public.rec_licences USING btree (expires_on, id, issuer, created_by);



CREATE UNIQUE INDEX rec_licences_natural_key ON public.rec_licences USING btree (kind, number);



CREATE INDEX rec_licences_open_expires_on ON public.rec_licences USING btree (state, expires_on, id, issuer, created_by);



CREATE INDEX rec_licences_search ON public.rec_licences USING gin ((((((COALESCE(holder, ''::text) || ' '::text) || COALESCE(number, ''::text)) || ' '::text) || COALESCE(credit_code, ''::text))) public.gin_trgm_ops) WITH (gin_pending_list_limit='256');



CREATE INDEX rec_licences_title ON public.rec_licences USING btree (holder, issuer);



CREATE INDEX rec_major_decisions_by_organiser ON public.rec_major_decisions USING btree (organiser, catalogue_published_on, id, created_by);



CREATE INDEX rec_major_decisions_by_state ON public.rec_major_decisions USING btree (state, catalogue_published_on, id, organiser, created_by);



CREATE INDEX rec_major_decisions_creator ON public.rec_major_decisions USING btree (created_by, organiser);



CREATE INDEX rec_major_decisions_decided_on_idx ON public.rec_major_decisions USING btree (decided_on);



CREATE INDEX rec_major_decisions_list_catalogue_published_on ON public.rec_major_decisions USING btree (catalogue_published_on, id, organiser, created_by);



CREATE INDEX rec_major_decisions_list_created_at ON public.rec_major_decisions USING btree (created_at, id, organiser, created_by);



CREATE INDEX rec_major_decisions_list_decided_on ON public.rec_major_decisions USING btree (decided_on, id, organiser, created_by);



CREATE INDEX rec_major_decisions_open_review_due_on ON public.rec_major_decisions USING btree (state, review_due_on, id, organiser, created_by);



CREATE INDEX rec_major_decisions_organiser_state ON public.rec_major_decisions USING btree (organiser, state, created_by);



CREATE INDEX rec_major_decisions_review_due_on_idx ON public.rec_major_decisions USING btree (review_due_on);



CREATE INDEX rec_major_decisions_search ON public.rec_major_decisions USING gin (COALESCE(title, ''::text) public.gin_trgm_ops) WITH (gin_pending_list_limit='256');



CREATE INDEX rec_major_decisions_title ON public.rec_major_decisions USING btree (title, organiser);



CREATE INDEX rec_market_entities_by_state ON public.rec_market_entities USING btree (state, name, id, town, created_by);



CREATE INDEX rec_market_entities_by_town ON public.rec_market_entities USING btree (town, name, id, created_by);



CREATE INDEX rec_market_entities_creator ON public.rec_market_entities USING btree (created_by, town);



CREATE INDEX rec_market_entities_list_created_at ON public.rec_market_entities USING btree (created_at, id, town, created_by);



CREATE INDEX rec_market_entities_list_name ON public.rec_market_entities USING btree (name, id, town, created_by);



CREATE UNIQUE INDEX rec_market_entities_natural_key ON public.rec_market_entities USING btree (credit_code);



CREATE INDEX rec_market_entities_registered_on_idx ON public.rec_market_entities USING btree (registered_on);



CREATE INDEX rec_market_entities_search ON public.rec_market_entities USING gin ((((((COALESCE(name, ''::text) || ' '::text) || COALESCE(credit_code, ''::text)) || ' '::text) || COALESCE(address, ''::text))) public.gin_trgm_ops) WITH (gin_pending_list_limit='256');



CREATE INDEX rec_market_entities_title ON public.rec_market_entities USING btree (name, town);



CREATE INDEX rec_market_entities_town_state ON public.rec_market_entities USING btree (town, state, created_by);



CREATE INDEX rec_normative_documents_by_issuer ON public.rec_normative_documents USING btree (issuer, published_on, id, created_by);



CREATE INDEX rec_normative_documents_by_state ON public.rec_normative_documents USING btree (state, published_on, id, issuer, created_by);



CREATE INDEX rec_normative_documents_by_validity ON public.rec_normative_documents USING btree (validity, published_on, id, issuer, created_by);



CREATE INDEX rec_normative_documents_creator ON public.rec_normative_documents USING btree (created_by, issuer);



CREATE INDEX rec_normative_documents_expires_on_idx ON public.rec_normative_documents USING btree (expires_on);



CREATE INDEX rec_normative_documents_filing_due_on_idx ON public.rec_normative_documents USING btree (filing_due_on);



CREATE INDEX rec_normative_documents_issuer_state ON public.rec_normative_documents USING btree (issuer, state, created_by);



CREATE INDEX rec_normative_documents_issuer_validity ON public.rec_normative_documents USING btree (issuer, validity, created_by);



CREATE INDEX rec_normative_documents_list_created_at ON public.rec_normative_documents USING btree (created_at, id, issuer, created_by);



CREATE INDEX rec_normative_documents_list_expires_on ON public.rec_normative_documents USING btree (expires_on, id, issuer, created_by);



CREATE INDEX rec_normative_documents_list_published_on ON public.rec_normative_documents USING btree (published_on, id, issuer, created_by);



CREATE INDEX rec_normative_documents_open_expires_on ON public.rec_normative_documents USING btree (state, expires_on, id, issuer, created_by);



CREATE INDEX rec_normative_documents_open_filing_due_on ON public.rec_normative_documents USING btree (state, filing_due_on, id, issuer, created_by);



CREATE INDEX rec_normative_documents_search ON public.rec_normative_documents USING gin ((((((((COALESCE(title, ''::text) || ' '::text) || COALESCE(doc_number, ''::text)) || ' '::text) || COALESCE(registration_number, ''::text)) || ' '::text) || COALESCE(body, ''::text))) public.gin_trgm_ops) WITH (gin_pending_list_limit='256');



CREATE INDEX rec_normative_documents_title ON public.rec_normative_documents USING btree (title, issuer);



CREATE INDEX rec_rectifications_by_state ON public.rec_rectifications USING btree (state, found_on, id, unit, created_by);



CREATE INDEX rec_rectifications_by_unit ON public.rec_rectifications USING btree (unit, found_on, id, created_by);



CREATE INDEX rec_rectifications_creator ON public.rec_rectifications USING btree (created_by, unit);



CREATE INDEX rec_rectifications_due_on_idx ON public.rec_rectifications USING btree (due_on);



CREATE INDEX rec_rectifications_list_created_at ON public.rec_rectifications USING btree (created_at, id, unit, created_by);



CREATE INDEX rec_rectifications_list_due_on ON public.rec_rectifications USING btree (due_on, id, unit, created_by);



CREATE INDEX rec_rectifications_list_found_on ON public.rec_rectifications USING btree (found_on, id, unit, created_by);



CREATE INDEX rec_rectifications_open_due_on ON public.rec_rectifications USING btree (state, due_on, id, unit, created_by);



CREATE INDEX rec_rectifications_search ON public.rec_rectifications USING gin ((((((COALESCE(finding, ''::text) || ' '::text) || COALESCE(source, ''::text)) || ' '::text) || COALESCE(measures, ''::text))) public.gin_trgm_ops) WITH (gin_pending_list_limit='256');



CREATE INDEX rec_rectifications_title ON public.rec_rectifications USING btree (finding, unit);



CREATE INDEX rec_rectifications_unit_state ON public.rec_rectifications USING btree (unit, state, created_by);



CREATE INDEX rec_study_activities_by_body ON public.rec_study_activities USING btree (body, held_on, id, organiser, created_by);



CREATE INDEX rec_study_activities_by_kind ON public.rec_study_activities USING btree (kind, held_on, id, organiser, created_by);



CREATE INDEX rec_study_activities_by_organiser ON public.rec_study_activities USING btree (organiser, held_on, id, created_by);



CREATE INDEX rec_study_activities_by_state ON public.rec_study_activities USING btree (state, held_on, id, organiser, created_by);



CREATE INDEX rec_study_activities_creator ON public.rec_study_activities USING btree (created_by, organiser);



CREATE INDEX rec_study_activities_list_created_at ON public.rec_study_activities USING btree (created_at, id, organiser, created_by);



CREATE INDEX rec_study_activities_list_held_on ON public.rec_study_activities USING btree (held_on, id, organiser, created_by);



CREATE UNIQUE INDEX rec_study_activities_natural_key ON public.rec_study_activities USING btree (kind, held_on, title);



CREATE INDEX rec_study_activities_organiser_body ON public.rec_study_activities USING btree (organiser, body, created_by);



CREATE INDEX rec_study_activities_organiser_kind ON public.rec_study_activities USING btree (organiser, kind, created_by);



CREATE INDEX rec_study_activities_organiser_state ON public.rec_study_activities USING btree (organiser, state, created_by);



CREATE INDEX rec_study_activities_search ON public.rec_study_activities USING gin ((((((COALESCE(title, ''::text) || ' '::text) || COALESCE(speaker, ''::text)) || ' '::text) || COALESCE(summary, ''::text))) public.gin_trgm_ops) WITH (gin_pending_list_limit='256');



CREATE INDEX rec_study_activities_title ON public.rec_study_activities USING btree (title, organiser);



CREATE INDEX reminder_attempts_reminder_idx ON public.reminder_attempts USING btree (reminder_id);



CREATE INDEX reminders_claim_idx ON public.reminders USING btree (next_attempt_at, id) WHERE (state = ANY (ARRAY['pending'::text, 'sending'::text]));



CREATE INDEX reminders_due_on_idx ON public.reminders USING btree (due_on, state);



CREATE INDEX reminders_record_idx ON public.reminders USING btree (record_id, state, step);



CREATE INDEX reminders_sent_idx ON public.reminders USING btree (sent_on, category, channel, state);



CREATE INDEX reminders_state_id ON public.reminders USING btree (state, id, unit_id);



CREATE INDEX reminders_state_idx ON public.reminders USING btree (state, created_at);



CREATE INDEX reminders_unit_id ON public.reminders USING btree (unit_id, id);



CREATE INDEX sessions_user_idx ON public.sessions USING btree (user_id);



CREATE INDEX units_parent_idx ON public.units USING btree (parent_id);



CREATE INDEX user_roles_role_idx ON public.user_roles USING btree (role_id);



CREATE INDEX user_units_unit_idx ON public.user_units USING btree (unit_id);



CREATE INDEX users_display_name_idx ON public.users USING btree (display_name);



CREATE INDEX verification_codes_client_idx ON public.verification_codes USING btree (client, created_at);



CREATE INDEX verification_codes_code_idx ON public.verification_codes USING btree (credit_code, created_at);



CREATE TRIGGER audit_log_no_change BEFORE DELETE OR UPDATE ON public.audit_log FOR EACH ROW EXECUTE FUNCTION public.audit_log_append_only();



CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON public.audit_log FOR EACH STATEMENT EXECUTE FUNCTION public.audit_log_append_only();



CREATE TRIGGER user_units_refresh AFTER INSERT OR DELETE OR UPDATE ON public.user_units FOR EACH ROW EXECUTE FUNCTION public.user_units_refresh();



ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT api_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;



ALTER TABLE ONLY public.attachments
    ADD CONSTRAINT attachments_uploaded_by_fkey FOREIGN KEY (uploaded_by) REFERENCES public.users(id) ON DELETE SET NULL;



ALTER TABLE ONLY public.calendar_days
    ADD CONSTRAINT calendar_days_notice_year_fkey FOREIGN KEY (notice_year) REFERENCES public.calendar_years(year) ON DELETE CASCADE;



ALTER TABLE ONLY public.district_numbering_rules
    ADD CONSTRAINT district_numbering_rules_district_id_fkey FOREIGN KEY (district_id) REFERENCES public.units(id);



ALTER TABLE ONLY public.district_registration_sequences
    ADD CONSTRAINT district_registration_sequences_district_id_fkey FOREIGN KEY (district_id) REFERENCES public.units(id);



ALTER TABLE ONLY public.district_reminder_plans
    ADD CONSTRAINT district_reminder_plans_district_id_fkey FOREIGN KEY (district_id) REFERENCES public.units(id);



ALTER TABLE ONLY public.inbox_messages
    ADD CONSTRAINT inbox_messages_reminder_id_fkey FOREIGN KEY (reminder_id) REFERENCES public.reminders(id) ON DELETE SET NULL;



ALTER TABLE ONLY public.inbox_messages
    ADD CONSTRAINT inbox_messages_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;



ALTER TABLE ONLY public.rec_inspections
    ADD CONSTRAINT rec_inspections_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id) ON DELETE SET NULL;



ALTER TABLE ONLY public.rec_inspections
    ADD CONSTRAINT rec_inspections_organiser_fkey FOREIGN KEY (organiser) REFERENCES public.units(id);



ALTER TABLE ONLY public.rec_inspections
    ADD CONSTRAINT rec_inspections_target_fkey FOREIGN KEY (target) REFERENCES public.units(id);



ALTER TABLE ONLY public.rec_legal_advisers
    ADD CONSTRAINT rec_legal_advisers_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id) ON DELETE SET NULL;



ALTER TABLE ONLY public.rec_legal_advisers
    ADD CONSTRAINT rec_legal_advisers_unit_fkey FOREIGN KEY (unit) REFERENCES public.units(id);



ALTER TABLE ONLY public.rec_legality_reviews
    ADD CONSTRAINT rec_legality_reviews_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id) ON DELETE SET NULL;



ALTER TABLE ONLY public.rec_legality_reviews
    ADD CONSTRAINT rec_legality_reviews_requester_fkey FOREIGN KEY (requester) REFERENCES public.units(id);



ALTER TABLE ONLY public.rec_legality_reviews
    ADD CONSTRAINT rec_legality_reviews_reviewer_fkey FOREIGN KEY (reviewer) REFERENCES public.users(id);



ALTER TABLE ONLY public.rec_licences
    ADD CONSTRAINT rec_licences_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id) ON DELETE SET NULL;



ALTER TABLE ONLY public.rec_licences
    ADD CONSTRAINT rec_licences_issuer_fkey FOREIGN KEY (issuer) REFERENCES public.units(id);



ALTER TABLE ONLY public.rec_major_decisions
    ADD CONSTRAINT rec_major_decisions_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id) ON DELETE SET NULL;



ALTER TABLE ONLY public.rec_major_decisions
    ADD CONSTRAINT rec_major_decisions_organiser_fkey FOREIGN KEY (organiser) REFERENCES public.units(id);



ALTER TABLE ONLY public.rec_market_entities
    ADD CONSTRAINT rec_market_entities_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id) ON DELETE SET NULL;



ALTER TABLE ONLY public.rec_market_entities
    ADD CONSTRAINT rec_market_entities_town_fkey FOREIGN KEY (town) REFERENCES public.units(id);



ALTER TABLE ONLY public.rec_normative_documents
    ADD CONSTRAINT rec_normative_documents_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id) ON DELETE SET NULL;



ALTER TABLE ONLY public.rec_normative_documents
    ADD CONSTRAINT rec_normative_documents_issuer_fkey FOREIGN KEY (issuer) REFERENCES public.units(id);



ALTER TABLE ONLY public.rec_rectifications
    ADD CONSTRAINT rec_rectifications_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id) ON DELETE SET NULL;



ALTER TABLE ONLY public.rec_rectifications
    ADD CONSTRAINT rec_rectifications_unit_fkey FOREIGN KEY (unit) REFERENCES public.units(id);



ALTER TABLE ONLY public.rec_rectifications
    ADD CONSTRAINT rec_rectifications_verifier_fkey FOREIGN KEY (verifier) REFERENCES public.users(id);



ALTER TABLE ONLY public.rec_study_activities
    ADD CONSTRAINT rec_study_activities_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.users(id) ON DELETE SET NULL;



ALTER TABLE ONLY public.rec_study_activities
    ADD CONSTRAINT rec_study_activities_organiser_fkey FOREIGN KEY (organiser) REFERENCES public.units(id);



ALTER TABLE ONLY public.reminder_attempts
    ADD CONSTRAINT reminder_attempts_reminder_id_fkey FOREIGN KEY (reminder_id) REFERENCES public.reminders(id) ON DELETE CASCADE;



ALTER TABLE ONLY public.reminders
    ADD CONSTRAINT reminders_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES public.units(id);



ALTER TABLE ONLY public.reminders
    ADD CONSTRAINT reminders_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE SET NULL;



ALTER TABLE ONLY public.report_texts
    ADD CONSTRAINT report_texts_by_district_author_id_fkey FOREIGN KEY (author_id) REFERENCES public.users(id) ON DELETE SET NULL;



ALTER TABLE ONLY public.report_texts
    ADD CONSTRAINT report_texts_by_district_district_id_fkey FOREIGN KEY (district_id) REFERENCES public.units(id);



ALTER TABLE ONLY public.role_permissions
    ADD CONSTRAINT role_permissions_role_id_fkey FOREIGN KEY (role_id) REFERENCES public.roles(id) ON DELETE CASCADE;



ALTER TABLE ONLY public.role_scope_units
    ADD CONSTRAINT role_scope_units_role_id_fkey FOREIGN KEY (role_id) REFERENCES public.roles(id) ON DELETE CASCADE;



ALTER TABLE ONLY public.role_scope_units
    ADD CONSTRAINT role_scope_units_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES public.units(id) ON DELETE CASCADE;



ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;



ALTER TABLE ONLY public.units
    ADD CONSTRAINT units_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.units(id) ON DELETE RESTRICT;



ALTER TABLE ONLY public.user_roles
    ADD CONSTRAINT user_roles_role_id_fkey FOREIGN KEY (role_id) REFERENCES public.roles(id) ON DELETE RESTRICT;



ALTER TABLE ONLY public.user_roles
    ADD CONSTRAINT user_roles_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;



ALTER TABLE ONLY public.user_units
    ADD CONSTRAINT user_units_unit_id_fkey FOREIGN KEY (unit_id) REFERENCES public.units(id) ON DELETE RESTRICT;



ALTER TABLE ONLY public.user_units
    ADD CONSTRAINT user_units_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;




