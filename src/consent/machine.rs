//! The life of a match, as a pure function: a [`Case`] and an [`Action`] give the next case and
//! what must happen because of it (who is asked, whether both sides learn of each other). No
//! I/O: the service loads a case, applies an action, and writes the result with a conditional
//! update, so the rules live here once and are tested here (unit and property tests).
//!
//! ```text
//! candidate --open--> in_review --reject--> rejected
//! in_review --approve (+ a second caseworker under four-eyes)--> consent_requested
//! consent_requested --first side yes, then other side yes--> disclosed --both close--> closed
//! consent_requested --either says no--> declined
//! candidate | in_review | consent_requested --either withdraws--> withdrawn
//! consent_requested --the side asked is silent for N days--> expired
//! ```

use chrono::{Duration, NaiveDateTime};

macro_rules! names {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &[$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The API document's schema of this list: a string, one of the names.
            pub fn schema() -> utoipa::openapi::schema::Object {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($text),+]))
                    .build()
            }

            pub fn parse(s: &str) -> Option<$name> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

names!(
    /// Where a match stands. The names are the ones product.md and the API use.
    State {
        Candidate = "candidate",
        InReview = "in_review",
        ConsentRequested = "consent_requested",
        Disclosed = "disclosed",
        Closed = "closed",
        Rejected = "rejected",
        Declined = "declined",
        Withdrawn = "withdrawn",
        Expired = "expired",
    }
);

names!(
    /// A registrant's answer when asked.
    Answer {
        Yes = "yes",
        No = "no",
        AskCaseworker = "ask_caseworker",
    }
);

names!(
    /// How a side closes a disclosed match for itself.
    Outcome {
        Reunited = "reunited",
        NoContact = "no_contact",
        Other = "other",
    }
);

names!(
    /// One of the two registrations a match joins.
    Side { A = "a", B = "b" }
);

impl Side {
    pub fn other(self) -> Side {
        match self {
            Side::A => Side::B,
            Side::B => Side::A,
        }
    }

    pub fn index(self) -> usize {
        match self {
            Side::A => 0,
            Side::B => 1,
        }
    }
}

impl State {
    /// The matcher may still re-score or take it back.
    pub fn is_candidate(self) -> bool {
        self == State::Candidate
    }

    /// Live: it holds its pair of records (one live match per pair).
    pub fn is_live(self) -> bool {
        matches!(
            self,
            State::Candidate | State::InReview | State::ConsentRequested | State::Disclosed
        )
    }

    /// Ended by people: the matcher never proposes the same pair again (unless names change).
    pub fn is_ended(self) -> bool {
        matches!(
            self,
            State::Closed | State::Rejected | State::Declined | State::Withdrawn | State::Expired
        )
    }

    /// Before disclosure: a registrant may withdraw, a name change sends it back to review.
    pub fn before_disclosure(self) -> bool {
        matches!(
            self,
            State::Candidate | State::InReview | State::ConsentRequested
        )
    }
}

/// Approved and put to the families, not ended: the assigned caseworker follows it up.
pub const PAST_REVIEW: [State; 2] = [State::ConsentRequested, State::Disclosed];

/// Everything the rules look at. `vetted` and `created` come from the two registrations.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Case {
    pub state: State,
    /// The caseworker holding it now, and the last one to open it (a decision needs both).
    pub claimed_by: Option<String>,
    pub opened_by: Option<String>,
    /// The first approval (the assigned caseworker afterwards) and the second, under four-eyes.
    pub approved_by: Option<String>,
    pub approved_by_2: Option<String>,
    /// The side asked first, once approved.
    pub first_side: Option<Side>,
    pub asked_at: [Option<NaiveDateTime>; 2],
    pub answers: [Option<Answer>; 2],
    pub closed: [Option<Outcome>; 2],
    pub vetted: [bool; 2],
    /// When each registration was made: with equal vetting, the older side is asked first.
    pub created: [NaiveDateTime; 2],
}

impl Case {
    pub fn new(created: [NaiveDateTime; 2], vetted: [bool; 2]) -> Case {
        Case {
            state: State::Candidate,
            claimed_by: None,
            opened_by: None,
            approved_by: None,
            approved_by_2: None,
            first_side: None,
            asked_at: [None, None],
            answers: [None, None],
            closed: [None, None],
            vetted,
            created,
        }
    }

    pub fn asked(&self, side: Side) -> bool {
        self.asked_at[side.index()].is_some()
    }

    pub fn answer(&self, side: Side) -> Option<Answer> {
        self.answers[side.index()]
    }

    /// Whether this side sees the match in its list: asked, not ended, not closed by itself.
    pub fn visible_to(&self, side: Side) -> bool {
        self.asked(side)
            && matches!(self.state, State::ConsentRequested | State::Disclosed)
            && self.closed[side.index()].is_none()
    }

    /// The caseworker of the family's questions: once the families are asked, whoever holds
    /// it (the first approver, or who took it over when they left; nobody in between); before,
    /// the first approver, else whoever holds it.
    pub fn assigned(&self) -> Option<&str> {
        if self.past_review() {
            return self.claimed_by.as_deref();
        }
        self.approved_by.as_deref().or(self.claimed_by.as_deref())
    }

    pub fn past_review(&self) -> bool {
        PAST_REVIEW.contains(&self.state)
    }

    /// The side that must be asked first: the vetted one; with both or neither vetted, the
    /// older registration (side A on a tie).
    pub fn first_to_ask(&self) -> Side {
        match self.vetted {
            [true, false] => Side::A,
            [false, true] => Side::B,
            _ if self.created[1] < self.created[0] => Side::B,
            _ => Side::A,
        }
    }

    fn approvals(&self) -> usize {
        usize::from(self.approved_by.is_some()) + usize::from(self.approved_by_2.is_some())
    }

    fn approved_by_person(&self, who: &str) -> bool {
        self.approved_by.as_deref() == Some(who) || self.approved_by_2.as_deref() == Some(who)
    }
}

/// The service's settings the rules depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub four_eyes: bool,
    pub require_vetting: bool,
    pub consent_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// A caseworker takes it (the primary, or the second reviewer after a first approval).
    Claim {
        by: String,
    },
    Release {
        by: String,
    },
    /// The holder opens it to review: `candidate` becomes `in_review`.
    Open {
        by: String,
    },
    Approve {
        by: String,
    },
    Reject {
        by: String,
    },
    Answer {
        side: Side,
        answer: Answer,
    },
    Withdraw {
        side: Side,
    },
    Close {
        side: Side,
        outcome: Outcome,
    },
    /// The expiry job, at `now`.
    Expire,
    /// A side changed a name form: a fresh review before anyone is asked (again).
    NamesChanged,
    /// The caseworker `by` was disabled or removed: a review they held goes back to the queue
    /// (to be opened again by whoever takes it).
    HolderLeft {
        by: String,
    },
}

/// What the service must do after a transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Effects {
    /// This side has just been asked: tell it there is an update.
    pub ask: Option<Side>,
    /// Both said yes: tell both.
    pub disclosed: bool,
}

/// Why an action does not apply. Codes are the API's (409).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("this action does not apply to the match as it stands")]
    InvalidTransition,
    #[error("another caseworker holds this candidate")]
    AlreadyClaimed,
    #[error("claim it before acting on it")]
    NotClaimed,
    #[error("open it before deciding")]
    NotOpened,
    #[error("at least one side must be vetted before approval")]
    VettingRequired,
    #[error("the second approval must come from another caseworker")]
    SecondReviewerNeeded,
}

impl Refused {
    pub fn code(self) -> &'static str {
        match self {
            Refused::InvalidTransition => "invalid_transition",
            Refused::AlreadyClaimed => "already_claimed",
            Refused::NotClaimed => "not_claimed",
            Refused::NotOpened => "not_opened",
            Refused::VettingRequired => "vetting_required",
            Refused::SecondReviewerNeeded => "second_reviewer_needed",
        }
    }
}

/// The next case and its effects. An action already reflected in the case changes nothing
/// and succeeds (every action is idempotent); one that cannot apply is refused.
pub fn apply(
    case: &Case,
    action: &Action,
    rules: &Rules,
    now: NaiveDateTime,
) -> Result<(Case, Effects), Refused> {
    use State::*;
    let mut next = case.clone();
    let mut effects = Effects::default();
    let held_by = |by: &str| case.claimed_by.as_deref() == Some(by);
    match action {
        Action::Claim { by } => {
            // A follow-up can be taken over only once its caseworker left (see HolderLeft).
            let follow_up = case.past_review();
            if !matches!(case.state, Candidate | InReview) && !follow_up {
                return Err(Refused::InvalidTransition);
            }
            if held_by(by) {
                return Ok((next, effects));
            }
            if case.claimed_by.is_some() {
                return Err(Refused::AlreadyClaimed);
            }
            // Taking over the follow-up of a case whose caseworker left is not a review.
            if !follow_up && case.approved_by_person(by) {
                return Err(Refused::SecondReviewerNeeded);
            }
            next.claimed_by = Some(by.clone());
        }
        Action::Release { by } => {
            if !matches!(case.state, Candidate | InReview) {
                return Err(Refused::InvalidTransition);
            }
            match &case.claimed_by {
                None => return Ok((next, effects)),
                Some(holder) if holder == by => next.claimed_by = None,
                Some(_) => return Err(Refused::AlreadyClaimed),
            }
        }
        Action::Open { by } => {
            if !held_by(by) {
                return Err(Refused::NotClaimed);
            }
            // Opening later (a follow-up) is a view, not a step of the review.
            if matches!(case.state, Candidate | InReview) {
                next.state = InReview;
                next.opened_by = Some(by.clone());
            }
        }
        Action::Approve { by } => {
            if case.state == ConsentRequested && case.approved_by_person(by) {
                return Ok((next, effects));
            }
            if case.state == Candidate && held_by(by) {
                return Err(Refused::NotOpened);
            }
            if case.state != InReview {
                return Err(Refused::InvalidTransition);
            }
            if case.approved_by_person(by) {
                return Ok((next, effects));
            }
            if !held_by(by) {
                return Err(Refused::NotClaimed);
            }
            if case.opened_by.as_deref() != Some(by) {
                return Err(Refused::NotOpened);
            }
            if rules.require_vetting && !case.vetted.iter().any(|v| *v) {
                return Err(Refused::VettingRequired);
            }
            if case.approved_by.is_none() {
                next.approved_by = Some(by.clone());
            } else {
                next.approved_by_2 = Some(by.clone());
            }
            let needed = if rules.four_eyes { 2 } else { 1 };
            if next.approvals() < needed {
                // Free for a second caseworker to claim.
                next.claimed_by = None;
            } else {
                let first = case.first_to_ask();
                next.state = ConsentRequested;
                next.first_side = Some(first);
                next.asked_at[first.index()] = Some(now);
                // The assigned caseworker holds it from now on (messages, follow-up).
                next.claimed_by = next.approved_by.clone();
                effects.ask = Some(first);
            }
        }
        Action::Reject { by } => {
            if case.state == Rejected {
                return Ok((next, effects));
            }
            if case.state == Candidate && held_by(by) {
                return Err(Refused::NotOpened);
            }
            if case.state != InReview {
                return Err(Refused::InvalidTransition);
            }
            if !held_by(by) {
                return Err(Refused::NotClaimed);
            }
            if case.opened_by.as_deref() != Some(by) {
                return Err(Refused::NotOpened);
            }
            next.state = Rejected;
        }
        Action::Answer { side, answer } => {
            let i = side.index();
            if case.answers[i] == Some(*answer) && case.asked(*side) {
                return Ok((next, effects));
            }
            if case.state != ConsentRequested || !case.asked(*side) {
                return Err(Refused::InvalidTransition);
            }
            // Yes and no are final; "ask my caseworker" may be followed by either.
            if matches!(case.answers[i], Some(Answer::Yes | Answer::No)) {
                return Err(Refused::InvalidTransition);
            }
            next.answers[i] = Some(*answer);
            match answer {
                Answer::AskCaseworker => {}
                Answer::No => next.state = Declined,
                Answer::Yes => {
                    let other = side.other();
                    if case.answers[other.index()] == Some(Answer::Yes) {
                        next.state = Disclosed;
                        effects.disclosed = true;
                    } else if !case.asked(other) {
                        next.asked_at[other.index()] = Some(now);
                        effects.ask = Some(other);
                    }
                }
            }
        }
        Action::Withdraw { .. } => {
            if case.state == Withdrawn {
                return Ok((next, effects));
            }
            if !case.state.before_disclosure() {
                return Err(Refused::InvalidTransition);
            }
            next.state = Withdrawn;
        }
        Action::Close { side, outcome } => {
            let i = side.index();
            if case.closed[i] == Some(*outcome) {
                return Ok((next, effects));
            }
            if case.state != Disclosed || case.closed[i].is_some() {
                return Err(Refused::InvalidTransition);
            }
            next.closed[i] = Some(*outcome);
            if next.closed.iter().all(Option::is_some) {
                next.state = Closed;
            }
        }
        Action::Expire => {
            if case.state == Expired {
                return Ok((next, effects));
            }
            if case.state != ConsentRequested {
                return Err(Refused::InvalidTransition);
            }
            let days = Duration::days(i64::from(rules.consent_days));
            let silent = Side::ALL.iter().any(|s| {
                case.asked_at[s.index()].is_some_and(|at| at + days <= now)
                    && !matches!(case.answers[s.index()], Some(Answer::Yes | Answer::No))
            });
            if !silent {
                return Err(Refused::InvalidTransition);
            }
            next.state = Expired;
        }
        Action::HolderLeft { by } => {
            if matches!(case.state, Candidate | InReview) && held_by(by) {
                next.claimed_by = None;
                if case.opened_by.as_deref() == Some(by) {
                    next.opened_by = None;
                }
            }
            // An approval by someone who left (perhaps because the account was taken) no
            // longer counts: the review needs it again from someone who can answer for it.
            if matches!(case.state, Candidate | InReview) && case.approved_by.as_deref() == Some(by)
            {
                next.approved_by = None;
            }
            // The families' questions would wait for someone who cannot sign in: free for
            // another caseworker of the organization to take over (the approvals stand).
            if case.past_review() && held_by(by) {
                next.claimed_by = None;
            }
        }
        Action::NamesChanged => {
            if !matches!(case.state, InReview | ConsentRequested) {
                return Ok((next, effects));
            }
            next.state = InReview;
            next.claimed_by = case.assigned().map(str::to_string);
            next.opened_by = None;
            next.approved_by = None;
            next.approved_by_2 = None;
            next.first_side = None;
            next.asked_at = [None, None];
            next.answers = [None, None];
        }
    }
    Ok((next, effects))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use proptest::prelude::*;

    use super::*;

    fn t(day: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            + Duration::days(i64::from(day))
    }

    const RULES: Rules = Rules {
        four_eyes: true,
        require_vetting: true,
        consent_days: 60,
    };

    fn go(case: &Case, action: Action, now: NaiveDateTime) -> (Case, Effects) {
        apply(case, &action, &RULES, now).unwrap_or_else(|e| panic!("{action:?}: {e}"))
    }

    fn claim(by: &str) -> Action {
        Action::Claim { by: by.into() }
    }
    fn open(by: &str) -> Action {
        Action::Open { by: by.into() }
    }
    fn approve(by: &str) -> Action {
        Action::Approve { by: by.into() }
    }

    /// Reviewed by two caseworkers; side B vetted, so B is asked first.
    fn approved() -> (Case, Effects) {
        let c = Case::new([t(0), t(1)], [false, true]);
        let (c, _) = go(&c, claim("cw1"), t(2));
        let (c, _) = go(&c, open("cw1"), t(2));
        let (c, e) = go(&c, approve("cw1"), t(2));
        assert_eq!((c.state, e), (State::InReview, Effects::default()));
        assert_eq!(c.claimed_by, None, "free for the second reviewer");
        let (c, _) = go(&c, claim("cw2"), t(3));
        let (c, _) = go(&c, open("cw2"), t(3));
        go(&c, approve("cw2"), t(3))
    }

    #[test]
    fn the_whole_life_staged() {
        let (c, e) = approved();
        assert_eq!(c.state, State::ConsentRequested);
        assert_eq!(e.ask, Some(Side::B));
        assert!(c.visible_to(Side::B) && !c.visible_to(Side::A));
        assert_eq!(c.claimed_by.as_deref(), Some("cw1"));
        let (c, e) = go(
            &c,
            Action::Answer {
                side: Side::B,
                answer: Answer::Yes,
            },
            t(4),
        );
        assert_eq!(
            (c.state, e.ask, e.disclosed),
            (State::ConsentRequested, Some(Side::A), false)
        );
        let (c, e) = go(
            &c,
            Action::Answer {
                side: Side::A,
                answer: Answer::Yes,
            },
            t(5),
        );
        assert_eq!((c.state, e.disclosed), (State::Disclosed, true));
        let (c, _) = go(
            &c,
            Action::Close {
                side: Side::A,
                outcome: Outcome::Reunited,
            },
            t(6),
        );
        assert_eq!(c.state, State::Disclosed);
        assert!(!c.visible_to(Side::A) && c.visible_to(Side::B));
        let (c, _) = go(
            &c,
            Action::Close {
                side: Side::B,
                outcome: Outcome::Other,
            },
            t(6),
        );
        assert_eq!(c.state, State::Closed);
    }

    #[test]
    fn the_older_registration_is_asked_first_when_vetting_is_equal() {
        let c = Case::new([t(5), t(1)], [true, true]);
        assert_eq!(c.first_to_ask(), Side::B);
        let c = Case::new([t(1), t(5)], [false, false]);
        assert_eq!(c.first_to_ask(), Side::A);
        let c = Case::new([t(1), t(5)], [false, true]);
        assert_eq!(c.first_to_ask(), Side::B);
    }

    #[test]
    fn approval_needs_a_claim_an_opening_vetting_and_another_caseworker() {
        let c = Case::new([t(0), t(1)], [false, false]);
        assert_eq!(
            apply(&c, &approve("cw1"), &RULES, t(1)),
            Err(Refused::InvalidTransition)
        );
        let (c, _) = go(&c, claim("cw1"), t(1));
        assert_eq!(
            apply(&c, &claim("cw2"), &RULES, t(1)),
            Err(Refused::AlreadyClaimed)
        );
        assert_eq!(
            apply(&c, &open("cw2"), &RULES, t(1)),
            Err(Refused::NotClaimed)
        );
        let (c, _) = go(&c, open("cw1"), t(1));
        assert_eq!(
            apply(&c, &approve("cw1"), &RULES, t(1)),
            Err(Refused::VettingRequired)
        );
        let mut c = c;
        c.vetted = [true, false];
        let (c, _) = go(&c, approve("cw1"), t(1));
        assert_eq!(
            apply(&c, &claim("cw1"), &RULES, t(1)),
            Err(Refused::SecondReviewerNeeded)
        );
        let lone = Rules {
            four_eyes: false,
            require_vetting: false,
            consent_days: 60,
        };
        let c = Case::new([t(0), t(1)], [false, false]);
        let (c, _) = apply(&c, &claim("cw1"), &lone, t(1)).unwrap();
        let (c, _) = apply(&c, &open("cw1"), &lone, t(1)).unwrap();
        let (c, e) = apply(&c, &approve("cw1"), &lone, t(1)).unwrap();
        assert_eq!((c.state, e.ask), (State::ConsentRequested, Some(Side::A)));
    }

    #[test]
    fn silence_expires_counted_from_when_that_side_was_asked() {
        let (c, _) = approved();
        let asked_b = c.asked_at[1].unwrap();
        assert_eq!(
            apply(&c, &Action::Expire, &RULES, asked_b + Duration::days(59)),
            Err(Refused::InvalidTransition)
        );
        let (c2, _) = go(
            &c,
            Action::Answer {
                side: Side::B,
                answer: Answer::Yes,
            },
            asked_b + Duration::days(50),
        );
        // B answered; A was asked on day 50, so day 60 after B's asking is not A's day 60.
        assert!(apply(&c2, &Action::Expire, &RULES, asked_b + Duration::days(61)).is_err());
        let (c3, _) = go(&c2, Action::Expire, asked_b + Duration::days(110));
        assert_eq!(c3.state, State::Expired);
    }

    #[test]
    fn a_name_change_sends_it_back_to_review() {
        let (c, _) = approved();
        let (c, _) = go(&c, Action::NamesChanged, t(4));
        assert_eq!(c.state, State::InReview);
        assert_eq!((c.approved_by.as_ref(), c.asked_at), (None, [None, None]));
        assert_eq!(c.claimed_by.as_deref(), Some("cw1"));
        assert!(!c.visible_to(Side::A) && !c.visible_to(Side::B));
    }

    /// Every action the model check tries, by three caseworkers and both sides.
    fn alphabet() -> Vec<Action> {
        let mut v = Vec::new();
        for by in ["cw1", "cw2", "cw3"] {
            let by = by.to_string();
            v.extend([
                Action::Claim { by: by.clone() },
                Action::Release { by: by.clone() },
                Action::Open { by: by.clone() },
                Action::Approve { by: by.clone() },
                Action::Reject { by: by.clone() },
                Action::HolderLeft { by },
            ]);
        }
        for side in Side::ALL {
            for answer in Answer::ALL {
                v.push(Action::Answer {
                    side: *side,
                    answer: *answer,
                });
            }
            v.push(Action::Withdraw { side: *side });
            v.push(Action::Close {
                side: *side,
                outcome: Outcome::Reunited,
            });
        }
        v.extend([Action::Expire, Action::NamesChanged]);
        v
    }

    /// A model check: every case reachable from a fresh candidate (actions at day 10, expiry
    /// tried at day 100), under each setting. Disclosure is reachable, and every disclosed case
    /// holds the approvals, vetting and both yeses; rejected and declined cases never move.
    #[test]
    fn every_reachable_case_keeps_the_rules() {
        for four_eyes in [true, false] {
            for require_vetting in [true, false] {
                for vetted in [[false, false], [true, false], [false, true], [true, true]] {
                    let rules = Rules {
                        four_eyes,
                        require_vetting,
                        consent_days: 60,
                    };
                    let start = Case::new([t(1), t(2)], vetted);
                    let mut seen = std::collections::HashSet::from([start.clone()]);
                    let mut todo = vec![start];
                    let mut disclosed = 0;
                    while let Some(case) = todo.pop() {
                        for action in alphabet() {
                            let now = if action == Action::Expire {
                                t(100)
                            } else {
                                t(10)
                            };
                            let Ok((next, _)) = apply(&case, &action, &rules, now) else {
                                continue;
                            };
                            if matches!(case.state, State::Rejected | State::Declined) {
                                assert_eq!(next, case, "{action:?} moved a {:?} case", case.state);
                            }
                            if next.state == State::Disclosed {
                                disclosed += 1;
                                assert_eq!(next.answers, [Some(Answer::Yes); 2]);
                                assert!(next.approved_by.is_some());
                                if four_eyes {
                                    assert!(next.approved_by_2.is_some());
                                    assert_ne!(next.approved_by, next.approved_by_2);
                                }
                                assert!(!require_vetting || vetted.contains(&true));
                            }
                            if seen.insert(next.clone()) {
                                todo.push(next);
                            }
                        }
                    }
                    let possible = !require_vetting || vetted.contains(&true);
                    assert_eq!(disclosed > 0, possible, "{rules:?} {vetted:?}");
                }
            }
        }
    }

    fn actors() -> impl Strategy<Value = String> {
        prop::sample::select(vec!["cw1".to_string(), "cw2".into(), "cw3".into()])
    }

    fn actions() -> impl Strategy<Value = Action> {
        let side = prop::sample::select(Side::ALL.to_vec());
        prop_oneof![
            actors().prop_map(|by| Action::Claim { by }),
            actors().prop_map(|by| Action::Release { by }),
            actors().prop_map(|by| Action::Open { by }),
            actors().prop_map(|by| Action::Approve { by }),
            actors().prop_map(|by| Action::Reject { by }),
            actors().prop_map(|by| Action::HolderLeft { by }),
            (side.clone(), prop::sample::select(Answer::ALL.to_vec()))
                .prop_map(|(side, answer)| Action::Answer { side, answer }),
            side.clone().prop_map(|side| Action::Withdraw { side }),
            (side, prop::sample::select(Outcome::ALL.to_vec()))
                .prop_map(|(side, outcome)| Action::Close { side, outcome }),
            Just(Action::Expire),
            Just(Action::NamesChanged),
        ]
    }

    fn rules() -> impl Strategy<Value = Rules> {
        (any::<bool>(), any::<bool>(), 1u32..90).prop_map(|(four_eyes, require_vetting, days)| {
            Rules {
                four_eyes,
                require_vetting,
                consent_days: days,
            }
        })
    }

    proptest! {
        /// Disclosure only after the approvals (by distinct caseworkers), vetting when
        /// required, and both yeses, the second side asked only after the first said yes.
        /// Every action applied twice is the same as once, and a declined or rejected match
        /// never comes back.
        #[test]
        fn no_sequence_discloses_without_approvals_and_both_yeses(
            rules in rules(),
            vetted in any::<[bool; 2]>(),
            older_b in any::<bool>(),
            steps in prop::collection::vec((actions(), 0i64..40), 1..60),
        ) {
            let created = if older_b { [t(2), t(1)] } else { [t(1), t(2)] };
            let mut case = Case::new(created, vetted);
            let mut now = t(10);
            for (action, days) in steps {
                now += Duration::days(days);
                let before = case.clone();
                let Ok((next, effects)) = apply(&case, &action, &rules, now) else {
                    continue;
                };
                // Idempotent: once more changes nothing and has no effect.
                let (again, again_effects) = apply(&next, &action, &rules, now)
                    .expect("an action that applied applies again");
                prop_assert_eq!(&again, &next);
                prop_assert_eq!(again_effects, Effects::default());
                if matches!(before.state, State::Rejected | State::Declined) {
                    prop_assert_eq!(next.state, before.state, "{:?} came back", before.state);
                }
                if next.state == State::Disclosed && before.state != State::Disclosed {
                    prop_assert!(effects.disclosed);
                    let approvals = [&next.approved_by, &next.approved_by_2];
                    let needed = if rules.four_eyes { 2 } else { 1 };
                    prop_assert!(approvals.iter().filter(|a| a.is_some()).count() >= needed);
                    if rules.four_eyes {
                        prop_assert_ne!(&next.approved_by, &next.approved_by_2);
                    }
                    prop_assert!(!rules.require_vetting || vetted.iter().any(|v| *v));
                    prop_assert_eq!(next.answers, [Some(Answer::Yes), Some(Answer::Yes)]);
                }
                if let Some(side) = effects.ask {
                    prop_assert!(next.asked(side));
                    if Some(side) != next.first_side {
                        let first = next.first_side.expect("a first side");
                        prop_assert_eq!(next.answer(first), Some(Answer::Yes));
                    } else {
                        prop_assert_eq!(side, next.first_to_ask());
                    }
                }
                // The second side is never asked before the first said yes.
                if let Some(first) = next.first_side
                    && next.asked(first.other())
                {
                    prop_assert_eq!(next.answer(first), Some(Answer::Yes));
                }
                case = next;
            }
        }
    }

    #[test]
    fn a_review_held_by_someone_who_left_goes_back_to_the_queue() {
        let left = || Action::HolderLeft { by: "cw1".into() };
        let (claimed, _) = go(&Case::new([t(0), t(1)], [true, true]), claim("cw1"), t(2));
        let (opened, _) = go(&claimed, open("cw1"), t(2));
        for case in [&claimed, &opened] {
            let (next, effects) = go(case, left(), t(3));
            assert_eq!(next.claimed_by, None);
            assert_eq!(next.opened_by, None);
            assert_eq!(next.state, case.state);
            assert_eq!(effects, Effects::default());
        }
        // A first approval (four-eyes) by someone who left no longer counts.
        let (first, _) = go(&opened, approve("cw1"), t(3));
        assert_eq!(
            (first.state, first.claimed_by.as_deref()),
            (State::InReview, None)
        );
        let (voided, _) = go(&first, left(), t(4));
        assert_eq!(
            (voided.state, voided.approved_by.as_deref()),
            (State::InReview, None)
        );
        // Someone else's review is not touched.
        let other = Action::HolderLeft { by: "cw2".into() };
        assert_eq!(go(&opened, other, t(3)).0, opened);
    }

    #[test]
    fn a_follow_up_whose_caseworker_left_is_taken_over() {
        let (asked, _) = approved();
        assert_eq!(asked.assigned(), Some("cw1"));
        // Only an orphaned follow-up can be claimed.
        assert_eq!(
            apply(&asked, &claim("cw3"), &RULES, t(4)).unwrap_err(),
            Refused::AlreadyClaimed
        );
        let (left, effects) = go(&asked, Action::HolderLeft { by: "cw1".into() }, t(4));
        assert_eq!(
            (left.state, left.assigned()),
            (State::ConsentRequested, None)
        );
        assert_eq!(effects, Effects::default());
        assert_eq!(
            (left.approved_by.as_deref(), left.asked_at),
            (Some("cw1"), asked.asked_at)
        );
        // The second approver may take it over too: it is not a review.
        let (taken, _) = go(&left, claim("cw2"), t(5));
        assert_eq!(
            (taken.state, taken.assigned()),
            (State::ConsentRequested, Some("cw2"))
        );
        assert_eq!(go(&taken, claim("cw2"), t(5)).0, taken);
        assert_eq!(
            apply(&taken, &claim("cw3"), &RULES, t(5)).unwrap_err(),
            Refused::AlreadyClaimed
        );
        assert_eq!(
            apply(&taken, &Action::Release { by: "cw2".into() }, &RULES, t(5)).unwrap_err(),
            Refused::InvalidTransition
        );
    }
}
