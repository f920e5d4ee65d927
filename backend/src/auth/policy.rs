//! The access policy: the one place that decides who may do what. Deny by default.
//!
//! Handlers describe the attempted action together with the facts about the resource that
//! matter (its effective status, its owning regions, the organisation's kind) and ask
//! [`allows`]. Nothing else in the code base makes access decisions; the table test below is
//! the specification.

use kehto_shared::challenge::ChallengeStatus;
use kehto_shared::org::{OrgKind, Role};

/// The signed-in user as the policy sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i64,
    pub is_admin: bool,
    /// (organisation id, its kind, the user's role there)
    pub memberships: Vec<(i64, OrgKind, Role)>,
}

impl Actor {
    pub fn role_in(&self, org_id: i64) -> Option<Role> {
        self.memberships
            .iter()
            .find(|(id, _, _)| *id == org_id)
            .map(|(_, _, r)| *r)
    }

    /// Regions where the actor is an innovation coordinator.
    pub fn coordinated_regions(&self) -> Vec<i64> {
        self.memberships
            .iter()
            .filter(|(_, k, r)| *k == OrgKind::Region && *r == Role::Coordinator)
            .map(|(id, _, _)| *id)
            .collect()
    }

    /// Regions whose unpublished challenges the actor may see.
    pub fn draft_reader_regions(&self) -> Vec<i64> {
        self.memberships
            .iter()
            .filter(|(_, k, r)| {
                *k == OrgKind::Region && matches!(r, Role::Coordinator | Role::DecisionMaker)
            })
            .map(|(id, _, _)| *id)
            .collect()
    }

    /// A member or owner of company or research organisation `org_id`.
    fn acts_for_company(&self, org_id: i64) -> bool {
        self.memberships.iter().any(|(id, kind, role)| {
            *id == org_id
                && matches!(kind, OrgKind::Company | OrgKind::Research)
                && matches!(role, Role::CompanyMember | Role::CompanyOwner)
        })
    }

    fn coordinates(&self, region: i64) -> bool {
        self.role_in(region) == Some(Role::Coordinator)
    }
}

/// Something a caller attempts, with the facts about the resource that decide it.
#[derive(Debug, Clone, Copy)]
pub enum Action<'a> {
    /// Read a challenge page; `status` is the effective status.
    ViewChallenge {
        status: ChallengeStatus,
        regions: &'a [i64],
    },
    /// Create a challenge owned by `regions`.
    CreateChallenge {
        regions: &'a [i64],
    },
    /// Change a challenge's content.
    EditChallenge {
        status: ChallengeStatus,
        regions: &'a [i64],
    },
    /// Add a region to, or remove one from, a challenge's owners.
    ChangeChallengeRegion {
        region: i64,
    },
    /// Move a challenge from its effective status to another.
    TransitionChallenge {
        from: ChallengeStatus,
        to: ChallengeStatus,
        regions: &'a [i64],
    },
    /// Ask a question on a challenge on behalf of organisation `org_id`; `open` says whether the
    /// challenge takes questions now (public, not closed, before the questions deadline).
    AskQuestion {
        org_id: i64,
        open: bool,
    },
    /// Answer questions, and see who asked them.
    AnswerQuestions {
        regions: &'a [i64],
    },
    /// Hold the market dialogue of a challenge owned by `regions`: create, edit and cancel info
    /// sessions, see who registered or booked, open meeting slots, set the booking limit and
    /// publish material and summaries.
    ManageDialogue {
        regions: &'a [i64],
    },
    /// Register for an info session on behalf of organisation `org_id`; `open` says whether the
    /// event takes registrations now (public, open challenge; not started; not cancelled).
    RegisterForEvent {
        org_id: i64,
        open: bool,
    },
    /// Book a one-to-one meeting slot for organisation `org_id`; `open` as above for the slot.
    BookMeeting {
        org_id: i64,
        open: bool,
    },
    /// Cancel a booking held by organisation `org_id`; `before_start`: the slot has not begun.
    CancelBooking {
        org_id: i64,
        before_start: bool,
    },
    /// Register a company or research organisation.
    CreateOrganisation,
    ViewMembers {
        org_id: i64,
    },
    /// Add members, change roles, remove others.
    ManageMembers {
        org_id: i64,
        kind: OrgKind,
    },
    /// Remove oneself from an organisation.
    LeaveOrganisation {
        org_id: i64,
    },
    PreviewMarkdown,
    /// Read an organisation's profile; `public`: the organisation opted in.
    ViewOrgProfile {
        org_id: i64,
        public: bool,
    },
    /// See the private fields of a profile (the contact's e-mail address and phone number).
    ViewProfileContact {
        org_id: i64,
    },
    /// Change an organisation's profile and offerings.
    EditOrgProfile {
        org_id: i64,
        kind: OrgKind,
    },
    /// Accept an invitation to an organisation; `addressed_to_actor`: it was sent to the
    /// actor's own (verified) e-mail address. Invitations are issued under `ManageMembers`.
    AcceptInvitation {
        addressed_to_actor: bool,
    },
    /// Read a proposal's content (the draft and receipts for its own organisations; the
    /// submitted version for the region). `sealed`: the proposals deadline has not come;
    /// `submitted`: a version is submitted and not withdrawn.
    ReadProposal {
        p: ProposalFacts<'a>,
        sealed: bool,
        submitted: bool,
    },
    /// Change the draft or its attachments; `open`: the challenge takes proposals or is about
    /// to (public, before the deadline).
    EditProposal {
        p: ProposalFacts<'a>,
        open: bool,
    },
    /// Submit, resubmit or withdraw, and choose the consortium: the lead organisation only;
    /// `open`: proposals are open and the deadline has not come.
    SubmitProposal {
        p: ProposalFacts<'a>,
        open: bool,
    },
    /// See how many proposals a challenge has received (never whose, before the deadline).
    CountProposals {
        regions: &'a [i64],
    },
    /// Run a challenge's evaluation panel: define the criteria set, invite, add and remove
    /// evaluators, see every assignment and conflict declaration.
    ManageEvaluation {
        regions: &'a [i64],
    },
    /// Add a person as an evaluator without an invitation: they must be staff of an owning
    /// region (`staff_of`: the regions the person belongs to).
    AddStaffEvaluator {
        regions: &'a [i64],
        staff_of: &'a [i64],
    },
    /// Assign evaluators to a challenge's submitted proposals, or remove an assignment: the
    /// region's coordinators, from the proposals deadline on (`sealed`: before it).
    AssignEvaluators {
        regions: &'a [i64],
        sealed: bool,
    },
    /// See a proposal's lead organisation and accepted partners (no content) and declare a
    /// conflict of interest or none: the assigned evaluator, from the deadline on.
    DeclareConflict {
        p: ProposalFacts<'a>,
        sealed: bool,
    },
    /// See the challenges recommended for organisation `org_id` (from its public profile) and
    /// save recommendation alerts for it.
    ViewRecommendations {
        org_id: i64,
    },
    /// See the public organisations suggested for a challenge owned by `regions` (drafts too).
    SuggestOrganisations {
        regions: &'a [i64],
    },
    /// Invite a suggested organisation to the market dialogue of a challenge owned by
    /// `regions`; `open`: the challenge is public and its proposals deadline has not passed.
    InviteToDialogue {
        regions: &'a [i64],
        open: bool,
    },
    /// See the similar challenges of other regions for a challenge owned by `regions` (drafts
    /// too).
    ViewSimilarChallenges {
        regions: &'a [i64],
    },
    /// Look for partners on a challenge for organisation `org_id`: mark the search, see the
    /// candidates, send contact requests; `open` as for `InviteToDialogue`.
    SeekPartners {
        org_id: i64,
        open: bool,
    },
    /// See organisation `org_id`'s partner searches and its contact requests, both ways, and
    /// withdraw its search.
    ViewContactRequests {
        org_id: i64,
    },
    /// Accept or decline a contact request sent to `to_org`; `pending`: not answered yet.
    AnswerContactRequest {
        to_org: i64,
        pending: bool,
    },
    /// See the contact person of the organisation asked: the requesting organisation
    /// (`from_org`), once the request is accepted — nobody else.
    SeePartnerContact {
        from_org: i64,
        accepted: bool,
    },
    /// Open one's own scoresheet of a proposal, save it as a draft and submit it: an assigned
    /// evaluator who declared no conflict of interest, from the deadline on. (That the round is
    /// open and a criteria set exists is the handler's check, with its own error codes.)
    ScoreProposal {
        p: ProposalFacts<'a>,
        sealed: bool,
    },
    /// See the other evaluators' submitted sheets of a proposal: the challenge's coordinators
    /// from the deadline on; an evaluator who may score the proposal only once they have
    /// submitted their own (`own_submitted`), so that every first opinion is independent.
    ReadPeerScores {
        p: ProposalFacts<'a>,
        sealed: bool,
        own_submitted: bool,
    },
    /// Reopen an evaluator's submitted (locked) sheet, with a reason: the challenge's
    /// coordinators, from the deadline on.
    ReopenScores {
        p: ProposalFacts<'a>,
        sealed: bool,
    },
    /// Run the evaluation board of a challenge owned by `regions`: see every submitted sheet,
    /// record consensus and decisions, publish a round, export the table and print the report —
    /// its coordinators, from the deadline on.
    DecideEvaluation {
        regions: &'a [i64],
        sealed: bool,
    },
    /// Read the published feedback on a proposal (its own scores, justifications, consensus and
    /// the decision's reasons): members of its lead and accepted partner organisations, once a
    /// round that decided on it is published (`published`). Nobody reads another company's.
    ReadFeedback {
        p: ProposalFacts<'a>,
        published: bool,
    },
}

/// An evaluator's seat on a proposal's panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seat {
    pub user_id: i64,
    /// Currently assigned (a conflicted evaluator's assignment may have been removed).
    pub assigned: bool,
    /// The declaration made: `None` not yet, `Some(true)` a conflict, `Some(false)` none.
    pub conflict: Option<bool>,
}

/// The facts about a proposal that decide access to it.
#[derive(Debug, Clone, Copy)]
pub struct ProposalFacts<'a> {
    pub lead_org: i64,
    /// Partners that accepted the invitation.
    pub partners: &'a [i64],
    /// The challenge's owning regions.
    pub regions: &'a [i64],
    /// The evaluators assigned to it or who declared about it.
    pub panel: &'a [Seat],
}

impl ProposalFacts<'_> {
    /// The actor's seat on the proposal's panel, if any.
    pub fn seat(&self, actor: &Actor) -> Option<Seat> {
        self.panel
            .iter()
            .find(|s| s.user_id == actor.user_id)
            .copied()
    }

    /// Assigned and declared no conflict: may open the proposal once the deadline has passed.
    fn cleared(&self, actor: Option<&Actor>) -> bool {
        actor
            .and_then(|a| self.seat(a))
            .is_some_and(|s| s.assigned && s.conflict == Some(false))
    }

    /// A coordinator of one of the challenge's owning regions.
    fn coordinated_by(&self, actor: Option<&Actor>) -> bool {
        actor.is_some_and(|a| self.regions.iter().any(|r| a.coordinates(*r)))
    }

    /// How `actor` relates to the proposal, for access decisions and the access log.
    pub fn relation(&self, actor: Option<&Actor>) -> &'static str {
        match actor {
            None => "visitor",
            Some(a) if a.acts_for_company(self.lead_org) => "lead",
            Some(a) if self.partners.iter().any(|p| a.acts_for_company(*p)) => "partner",
            Some(a) if self.regions.iter().any(|r| a.coordinates(*r)) => "coordinator",
            Some(a) if self.seat(a).is_some() => "evaluator",
            Some(a) if a.is_admin => "admin",
            Some(_) => "other",
        }
    }
}

/// Whether `actor` (`None` for a visitor) may perform `action`.
pub fn allows(actor: Option<&Actor>, action: Action<'_>) -> bool {
    use Action::*;
    match action {
        ViewChallenge { status, regions } => {
            status.is_public()
                || actor
                    .is_some_and(|a| regions.iter().any(|r| a.draft_reader_regions().contains(r)))
        }
        CreateChallenge { regions } => {
            actor.is_some_and(|a| !regions.is_empty() && regions.iter().all(|r| a.coordinates(*r)))
        }
        EditChallenge { status, regions } => {
            status.is_editable() && actor.is_some_and(|a| regions.iter().any(|r| a.coordinates(*r)))
        }
        ChangeChallengeRegion { region } => actor.is_some_and(|a| a.coordinates(region)),
        TransitionChallenge { from, to, regions } => {
            from.can_move_to(to) && actor.is_some_and(|a| regions.iter().any(|r| a.coordinates(*r)))
        }
        AskQuestion { org_id, open } => {
            open && actor.is_some_and(|a| {
                a.memberships.iter().any(|(id, kind, role)| {
                    *id == org_id
                        && matches!(kind, OrgKind::Company | OrgKind::Research)
                        && matches!(role, Role::CompanyMember | Role::CompanyOwner)
                })
            })
        }
        AnswerQuestions { regions } | ManageDialogue { regions } => {
            actor.is_some_and(|a| regions.iter().any(|r| a.coordinates(*r)))
        }
        RegisterForEvent { org_id, open } | BookMeeting { org_id, open } => {
            open && actor.is_some_and(|a| a.acts_for_company(org_id))
        }
        CancelBooking {
            org_id,
            before_start,
        } => before_start && actor.is_some_and(|a| a.acts_for_company(org_id)),
        CreateOrganisation | PreviewMarkdown => actor.is_some(),
        ViewMembers { org_id } => actor.is_some_and(|a| a.is_admin || a.role_in(org_id).is_some()),
        ManageMembers { org_id, kind } => actor.is_some_and(|a| {
            a.is_admin || (kind != OrgKind::Region && a.role_in(org_id) == Some(Role::CompanyOwner))
        }),
        LeaveOrganisation { org_id } => actor.is_some_and(|a| a.role_in(org_id).is_some()),
        // A proposal is a trade secret: its own organisations, the region's coordinators once
        // the deadline has passed, and an assigned evaluator who declared no conflict of
        // interest (then too) — nobody else, platform administrators included.
        ReadProposal {
            p,
            sealed,
            submitted,
        } => match p.relation(actor) {
            "lead" | "partner" => true,
            "coordinator" => !sealed && submitted,
            "evaluator" => !sealed && submitted && p.cleared(actor),
            _ => false,
        },
        EditProposal { p, open } => open && matches!(p.relation(actor), "lead" | "partner"),
        SubmitProposal { p, open } => open && p.relation(actor) == "lead",
        CountProposals { regions } | ManageEvaluation { regions } => {
            actor.is_some_and(|a| regions.iter().any(|r| a.coordinates(*r)))
        }
        AddStaffEvaluator { regions, staff_of } => {
            actor.is_some_and(|a| regions.iter().any(|r| a.coordinates(*r)))
                && staff_of.iter().any(|r| regions.contains(r))
        }
        AssignEvaluators { regions, sealed } => {
            !sealed && actor.is_some_and(|a| regions.iter().any(|r| a.coordinates(*r)))
        }
        DeclareConflict { p, sealed } => {
            !sealed && actor.and_then(|a| p.seat(a)).is_some_and(|s| s.assigned)
        }
        // Scores are independent: nobody scores for someone else, and an evaluator sees the
        // others' sheets only after handing in their own.
        ScoreProposal { p, sealed } => !sealed && p.cleared(actor),
        ReadPeerScores {
            p,
            sealed,
            own_submitted,
        } => !sealed && (p.coordinated_by(actor) || (own_submitted && p.cleared(actor))),
        ReopenScores { p, sealed } => !sealed && p.coordinated_by(actor),
        DecideEvaluation { regions, sealed } => {
            !sealed && actor.is_some_and(|a| regions.iter().any(|r| a.coordinates(*r)))
        }
        ReadFeedback { p, published } => {
            published && matches!(p.relation(actor), "lead" | "partner")
        }
        ViewOrgProfile { org_id, public } => {
            public || actor.is_some_and(|a| a.is_admin || a.acts_for_company(org_id))
        }
        // Region staff contact companies about challenges; other companies and visitors do not
        // get the addresses (nor do scrapers that register an account).
        ViewProfileContact { org_id } => actor.is_some_and(|a| {
            a.is_admin
                || a.acts_for_company(org_id)
                || a.memberships.iter().any(|(_, k, _)| *k == OrgKind::Region)
        }),
        // Owners and members alike keep the profile current; only owners manage members.
        EditOrgProfile { org_id, kind } => {
            kind != OrgKind::Region
                && actor.is_some_and(|a| a.is_admin || a.acts_for_company(org_id))
        }
        AcceptInvitation { addressed_to_actor } => addressed_to_actor && actor.is_some(),
        // Matchmaking is business between the parties: platform administrators are not among
        // them, and a region's staff other than its coordinators do not run the dialogue.
        ViewRecommendations { org_id } | ViewContactRequests { org_id } => {
            actor.is_some_and(|a| a.acts_for_company(org_id))
        }
        SuggestOrganisations { regions } | ViewSimilarChallenges { regions } => {
            actor.is_some_and(|a| regions.iter().any(|r| a.coordinates(*r)))
        }
        InviteToDialogue { regions, open } => {
            open && actor.is_some_and(|a| regions.iter().any(|r| a.coordinates(*r)))
        }
        SeekPartners { org_id, open } => open && actor.is_some_and(|a| a.acts_for_company(org_id)),
        AnswerContactRequest { to_org, pending } => {
            pending && actor.is_some_and(|a| a.acts_for_company(to_org))
        }
        SeePartnerContact { from_org, accepted } => {
            accepted && actor.is_some_and(|a| a.acts_for_company(from_org))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ChallengeStatus as S;
    use super::*;

    const PIRKANMAA: i64 = 8;
    const OULU: i64 = 19;
    const HOIVATEK: i64 = 100;
    const OTHER_CO: i64 = 101;

    fn actor(id: i64, admin: bool, m: &[(i64, OrgKind, Role)]) -> Actor {
        Actor {
            user_id: id,
            is_admin: admin,
            memberships: m.to_vec(),
        }
    }

    /// Named actors used in every row of the table.
    fn cast() -> Vec<(&'static str, Option<Actor>)> {
        vec![
            ("visitor", None),
            (
                "company member",
                Some(actor(
                    1,
                    false,
                    &[(HOIVATEK, OrgKind::Company, Role::CompanyMember)],
                )),
            ),
            (
                "company owner",
                Some(actor(
                    2,
                    false,
                    &[(HOIVATEK, OrgKind::Company, Role::CompanyOwner)],
                )),
            ),
            (
                "region staff",
                Some(actor(
                    3,
                    false,
                    &[(PIRKANMAA, OrgKind::Region, Role::RegionStaff)],
                )),
            ),
            (
                "evaluator",
                Some(actor(
                    4,
                    false,
                    &[(PIRKANMAA, OrgKind::Region, Role::Evaluator)],
                )),
            ),
            (
                "decision maker",
                Some(actor(
                    5,
                    false,
                    &[(PIRKANMAA, OrgKind::Region, Role::DecisionMaker)],
                )),
            ),
            (
                "coordinator",
                Some(actor(
                    6,
                    false,
                    &[(PIRKANMAA, OrgKind::Region, Role::Coordinator)],
                )),
            ),
            (
                "other coordinator",
                Some(actor(
                    7,
                    false,
                    &[(OULU, OrgKind::Region, Role::Coordinator)],
                )),
            ),
            ("admin", Some(actor(8, true, &[]))),
        ]
    }

    /// Runs one action for every actor and compares with the names that must be allowed.
    fn expect(action: Action<'_>, allowed: &[&str]) {
        for (name, a) in cast() {
            assert_eq!(
                allows(a.as_ref(), action),
                allowed.contains(&name),
                "{name} × {action:?}: expected {}",
                if allowed.contains(&name) {
                    "allowed"
                } else {
                    "denied"
                }
            );
        }
    }

    const ALL: &[&str] = &[
        "visitor",
        "company member",
        "company owner",
        "region staff",
        "evaluator",
        "decision maker",
        "coordinator",
        "other coordinator",
        "admin",
    ];
    const SIGNED_IN: &[&str] = &[
        "company member",
        "company owner",
        "region staff",
        "evaluator",
        "decision maker",
        "coordinator",
        "other coordinator",
        "admin",
    ];

    #[test]
    fn viewing_challenges() {
        let own = &[PIRKANMAA];
        expect(
            Action::ViewChallenge {
                status: S::Draft,
                regions: own,
            },
            &["decision maker", "coordinator"],
        );
        for s in [
            S::Published,
            S::ProposalsOpen,
            S::Closed,
            S::Evaluation,
            S::Decided,
            S::Archived,
            S::Cancelled,
        ] {
            expect(
                Action::ViewChallenge {
                    status: s,
                    regions: own,
                },
                ALL,
            );
        }
    }

    #[test]
    fn creating_challenges() {
        expect(
            Action::CreateChallenge {
                regions: &[PIRKANMAA],
            },
            &["coordinator"],
        );
        expect(
            Action::CreateChallenge { regions: &[OULU] },
            &["other coordinator"],
        );
        // A joint challenge needs a coordinator of every owning region.
        expect(
            Action::CreateChallenge {
                regions: &[PIRKANMAA, OULU],
            },
            &[],
        );
        expect(Action::CreateChallenge { regions: &[] }, &[]);
    }

    #[test]
    fn editing_challenges_by_status() {
        let own = &[PIRKANMAA];
        for s in [S::Draft, S::Published, S::ProposalsOpen] {
            expect(
                Action::EditChallenge {
                    status: s,
                    regions: own,
                },
                &["coordinator"],
            );
        }
        for s in [
            S::Closed,
            S::Evaluation,
            S::Decided,
            S::Archived,
            S::Cancelled,
        ] {
            expect(
                Action::EditChallenge {
                    status: s,
                    regions: own,
                },
                &[],
            );
        }
        // A joint challenge can be edited by a coordinator of either region.
        expect(
            Action::EditChallenge {
                status: S::Draft,
                regions: &[PIRKANMAA, OULU],
            },
            &["coordinator", "other coordinator"],
        );
        expect(
            Action::ChangeChallengeRegion { region: OULU },
            &["other coordinator"],
        );
    }

    #[test]
    fn transitions_follow_the_state_machine_and_ownership() {
        let own = &[PIRKANMAA];
        for from in S::ALL {
            for to in S::ALL {
                let allowed: &[&str] = if from.can_move_to(to) {
                    &["coordinator"]
                } else {
                    &[]
                };
                expect(
                    Action::TransitionChallenge {
                        from,
                        to,
                        regions: own,
                    },
                    allowed,
                );
            }
        }
    }

    #[test]
    fn market_dialogue_questions() {
        expect(
            Action::AskQuestion {
                org_id: HOIVATEK,
                open: true,
            },
            &["company member", "company owner"],
        );
        expect(
            Action::AskQuestion {
                org_id: HOIVATEK,
                open: false,
            },
            &[],
        );
        // Nobody asks in the name of an organisation they do not belong to.
        expect(
            Action::AskQuestion {
                org_id: OTHER_CO,
                open: true,
            },
            &[],
        );
        expect(
            Action::AskQuestion {
                org_id: PIRKANMAA,
                open: true,
            },
            &[],
        );
        expect(
            Action::AnswerQuestions {
                regions: &[PIRKANMAA],
            },
            &["coordinator"],
        );
        expect(
            Action::AnswerQuestions {
                regions: &[PIRKANMAA, OULU],
            },
            &["coordinator", "other coordinator"],
        );
    }

    #[test]
    fn market_dialogue_events_and_meetings() {
        for regions in [&[PIRKANMAA][..], &[PIRKANMAA, OULU][..]] {
            let allowed: &[&str] = if regions.len() == 1 {
                &["coordinator"]
            } else {
                &["coordinator", "other coordinator"]
            };
            expect(Action::ManageDialogue { regions }, allowed);
        }
        expect(
            Action::ManageDialogue { regions: &[OULU] },
            &["other coordinator"],
        );
        for open in [true, false] {
            let allowed: &[&str] = if open {
                &["company member", "company owner"]
            } else {
                &[]
            };
            expect(
                Action::RegisterForEvent {
                    org_id: HOIVATEK,
                    open,
                },
                allowed,
            );
            expect(
                Action::BookMeeting {
                    org_id: HOIVATEK,
                    open,
                },
                allowed,
            );
            expect(
                Action::CancelBooking {
                    org_id: HOIVATEK,
                    before_start: open,
                },
                allowed,
            );
        }
        // Never on behalf of another company, nor of a region (region staff do not register).
        for org_id in [OTHER_CO, PIRKANMAA] {
            expect(Action::RegisterForEvent { org_id, open: true }, &[]);
            expect(Action::BookMeeting { org_id, open: true }, &[]);
            expect(
                Action::CancelBooking {
                    org_id,
                    before_start: true,
                },
                &[],
            );
        }
    }

    #[test]
    fn organisations_and_members() {
        expect(Action::CreateOrganisation, SIGNED_IN);
        expect(Action::PreviewMarkdown, SIGNED_IN);
        expect(
            Action::ViewMembers { org_id: HOIVATEK },
            &["company member", "company owner", "admin"],
        );
        expect(
            Action::ViewMembers { org_id: PIRKANMAA },
            &[
                "region staff",
                "evaluator",
                "decision maker",
                "coordinator",
                "admin",
            ],
        );
        expect(
            Action::ManageMembers {
                org_id: HOIVATEK,
                kind: OrgKind::Company,
            },
            &["company owner", "admin"],
        );
        expect(
            Action::ManageMembers {
                org_id: OTHER_CO,
                kind: OrgKind::Company,
            },
            &["admin"],
        );
        // Region memberships are granted by the platform's operators only.
        expect(
            Action::ManageMembers {
                org_id: PIRKANMAA,
                kind: OrgKind::Region,
            },
            &["admin"],
        );
        expect(
            Action::LeaveOrganisation { org_id: HOIVATEK },
            &["company member", "company owner"],
        );
    }

    #[test]
    fn proposals_are_sealed_until_the_deadline() {
        let own = ProposalFacts {
            lead_org: HOIVATEK,
            partners: &[],
            regions: &[PIRKANMAA],
            panel: &[],
        };
        let as_partner = ProposalFacts {
            lead_org: OTHER_CO,
            partners: &[HOIVATEK],
            regions: &[PIRKANMAA],
            panel: &[],
        };
        let company = &["company member", "company owner"];
        for (sealed, submitted) in [(true, true), (true, false), (false, false)] {
            expect(
                Action::ReadProposal {
                    p: own,
                    sealed,
                    submitted,
                },
                company,
            );
        }
        expect(
            Action::ReadProposal {
                p: own,
                sealed: false,
                submitted: true,
            },
            &["company member", "company owner", "coordinator"],
        );
        expect(
            Action::ReadProposal {
                p: as_partner,
                sealed: true,
                submitted: true,
            },
            company,
        );
        expect(Action::EditProposal { p: own, open: true }, company);
        expect(
            Action::EditProposal {
                p: as_partner,
                open: true,
            },
            company,
        );
        expect(
            Action::EditProposal {
                p: own,
                open: false,
            },
            &[],
        );
        expect(Action::SubmitProposal { p: own, open: true }, company);
        expect(
            Action::SubmitProposal {
                p: as_partner,
                open: true,
            },
            &[],
        );
        expect(
            Action::SubmitProposal {
                p: own,
                open: false,
            },
            &[],
        );
        expect(
            Action::CountProposals {
                regions: &[PIRKANMAA],
            },
            &["coordinator"],
        );
    }

    #[test]
    fn organisation_profiles() {
        expect(
            Action::ViewOrgProfile {
                org_id: HOIVATEK,
                public: true,
            },
            ALL,
        );
        expect(
            Action::ViewOrgProfile {
                org_id: HOIVATEK,
                public: false,
            },
            &["company member", "company owner", "admin"],
        );
        expect(
            Action::ViewOrgProfile {
                org_id: OTHER_CO,
                public: false,
            },
            &["admin"],
        );
        expect(
            Action::ViewProfileContact { org_id: HOIVATEK },
            &[
                "company member",
                "company owner",
                "region staff",
                "evaluator",
                "decision maker",
                "coordinator",
                "other coordinator",
                "admin",
            ],
        );
        expect(
            Action::ViewProfileContact { org_id: OTHER_CO },
            &[
                "region staff",
                "evaluator",
                "decision maker",
                "coordinator",
                "other coordinator",
                "admin",
            ],
        );
        expect(
            Action::EditOrgProfile {
                org_id: HOIVATEK,
                kind: OrgKind::Company,
            },
            &["company member", "company owner", "admin"],
        );
        expect(
            Action::EditOrgProfile {
                org_id: OTHER_CO,
                kind: OrgKind::Research,
            },
            &["admin"],
        );
        // Regions have no profile to edit, not even by their own staff.
        expect(
            Action::EditOrgProfile {
                org_id: PIRKANMAA,
                kind: OrgKind::Region,
            },
            &[],
        );
    }

    #[test]
    fn invitations() {
        // Issuing, listing and revoking invitations is managing members.
        expect(
            Action::ManageMembers {
                org_id: HOIVATEK,
                kind: OrgKind::Company,
            },
            &["company owner", "admin"],
        );
        expect(
            Action::AcceptInvitation {
                addressed_to_actor: true,
            },
            SIGNED_IN,
        );
        expect(
            Action::AcceptInvitation {
                addressed_to_actor: false,
            },
            &[],
        );
    }

    #[test]
    fn running_the_evaluation_panel() {
        let own = &[PIRKANMAA];
        expect(Action::ManageEvaluation { regions: own }, &["coordinator"]);
        expect(
            Action::ManageEvaluation {
                regions: &[PIRKANMAA, OULU],
            },
            &["coordinator", "other coordinator"],
        );
        // Direct additions are for the owning regions' staff; anyone else is invited by e-mail.
        expect(
            Action::AddStaffEvaluator {
                regions: own,
                staff_of: &[PIRKANMAA],
            },
            &["coordinator"],
        );
        for staff_of in [&[OULU][..], &[][..]] {
            expect(
                Action::AddStaffEvaluator {
                    regions: own,
                    staff_of,
                },
                &[],
            );
        }
        // Assigning starts at the deadline: before it the proposals are sealed for everyone.
        expect(
            Action::AssignEvaluators {
                regions: own,
                sealed: true,
            },
            &[],
        );
        expect(
            Action::AssignEvaluators {
                regions: own,
                sealed: false,
            },
            &["coordinator"],
        );
    }

    /// The "evaluator" of the cast (user 4) holds a seat on the panel of Hoivatek's proposal.
    #[test]
    fn evaluators_open_what_is_assigned_only_after_declaring_no_conflict() {
        let seat = |assigned: bool, conflict: Option<bool>| Seat {
            user_id: 4,
            assigned,
            conflict,
        };
        let company = ["company member", "company owner"];
        // (seat, sealed, submitted) → who may read
        let cases: [(Option<Seat>, bool, bool, &[&str]); 9] = [
            (
                None,
                false,
                true,
                &["company member", "company owner", "coordinator"],
            ),
            (Some(seat(true, None)), true, true, &company),
            (
                Some(seat(true, None)),
                false,
                true,
                &["company member", "company owner", "coordinator"],
            ),
            (Some(seat(true, Some(false))), true, true, &company),
            (
                Some(seat(true, Some(false))),
                false,
                true,
                &[
                    "company member",
                    "company owner",
                    "coordinator",
                    "evaluator",
                ],
            ),
            (Some(seat(true, Some(false))), false, false, &company),
            (
                Some(seat(true, Some(true))),
                false,
                true,
                &["company member", "company owner", "coordinator"],
            ),
            (
                Some(seat(false, Some(true))),
                false,
                true,
                &["company member", "company owner", "coordinator"],
            ),
            // The assignment was removed after declaring none: no longer theirs to read.
            (
                Some(seat(false, Some(false))),
                false,
                true,
                &["company member", "company owner", "coordinator"],
            ),
        ];
        for (s, sealed, submitted, allowed) in cases {
            let panel: Vec<Seat> = s.into_iter().collect();
            let p = ProposalFacts {
                lead_org: HOIVATEK,
                partners: &[],
                regions: &[PIRKANMAA],
                panel: &panel,
            };
            expect(
                Action::ReadProposal {
                    p,
                    sealed,
                    submitted,
                },
                allowed,
            );
            let declares: &[&str] = if !sealed && s.is_some_and(|s| s.assigned) {
                &["evaluator"]
            } else {
                &[]
            };
            expect(Action::DeclareConflict { p, sealed }, declares);
            if let Some(s) = s {
                let evaluator = actor(4, false, &[(PIRKANMAA, OrgKind::Region, Role::Evaluator)]);
                assert_eq!(p.relation(Some(&evaluator)), "evaluator", "{s:?}");
            }
        }
        // A seat of someone else gives nothing: region staff (user 3) is not on this panel.
        let panel = [seat(true, Some(false))];
        let p = ProposalFacts {
            lead_org: HOIVATEK,
            partners: &[],
            regions: &[PIRKANMAA],
            panel: &panel,
        };
        let staff = actor(3, false, &[(PIRKANMAA, OrgKind::Region, Role::RegionStaff)]);
        assert_eq!(p.relation(Some(&staff)), "other");
    }

    #[test]
    fn matchmaking() {
        let company: &[&str] = &["company member", "company owner"];
        // A company's recommendations, alerts, searches and requests are its members' alone.
        expect(Action::ViewRecommendations { org_id: HOIVATEK }, company);
        expect(Action::ViewContactRequests { org_id: HOIVATEK }, company);
        for org_id in [OTHER_CO, PIRKANMAA] {
            expect(Action::ViewRecommendations { org_id }, &[]);
            expect(Action::ViewContactRequests { org_id }, &[]);
            expect(Action::SeekPartners { org_id, open: true }, &[]);
        }
        // Suggestions and similar challenges: the owning regions' coordinators (drafts too).
        for regions in [&[PIRKANMAA][..], &[PIRKANMAA, OULU][..]] {
            let allowed: &[&str] = if regions.len() == 1 {
                &["coordinator"]
            } else {
                &["coordinator", "other coordinator"]
            };
            expect(Action::SuggestOrganisations { regions }, allowed);
            expect(Action::ViewSimilarChallenges { regions }, allowed);
            expect(
                Action::InviteToDialogue {
                    regions,
                    open: true,
                },
                allowed,
            );
            expect(
                Action::InviteToDialogue {
                    regions,
                    open: false,
                },
                &[],
            );
        }
        // Partner search while the challenge is open.
        expect(
            Action::SeekPartners {
                org_id: HOIVATEK,
                open: true,
            },
            company,
        );
        expect(
            Action::SeekPartners {
                org_id: HOIVATEK,
                open: false,
            },
            &[],
        );
        // Requests sent to Hoivatek are answered by its members, once.
        expect(
            Action::AnswerContactRequest {
                to_org: HOIVATEK,
                pending: true,
            },
            company,
        );
        for (to_org, pending) in [(HOIVATEK, false), (OTHER_CO, true)] {
            expect(Action::AnswerContactRequest { to_org, pending }, &[]);
        }
        // The asked organisation's contact person: the requester's members, after acceptance —
        // not region staff, not administrators, not the asked organisation's competitors.
        expect(
            Action::SeePartnerContact {
                from_org: HOIVATEK,
                accepted: true,
            },
            company,
        );
        for (from_org, accepted) in [(HOIVATEK, false), (OTHER_CO, true)] {
            expect(Action::SeePartnerContact { from_org, accepted }, &[]);
        }
    }

    /// The acceptance table of independent scoring. The evaluator of the cast (user 4) sits on
    /// the panel of Hoivatek's proposal as assigned (declared no conflict), assigned but not yet
    /// declared, not at all (unassigned) or conflicted; at three moments — before the deadline,
    /// after it before submitting their own sheet, after submitting it — against the four
    /// actions. Everyone else of the cast (the proposal's own company, the region's and another
    /// region's coordinators, staff, administrators, visitors) is checked in every cell too.
    #[test]
    fn independent_scoring_table() {
        #[derive(Debug, Clone, Copy)]
        enum Panel {
            Assigned,
            Undeclared,
            Unassigned,
            Conflicted,
        }
        let seat = |p: Panel| match p {
            Panel::Assigned => Some((true, Some(false))),
            Panel::Undeclared => Some((true, None)),
            Panel::Unassigned => None,
            Panel::Conflicted => Some((true, Some(true))),
        };
        const CO: &[&str] = &["company member", "company owner"];
        const CO_COORD: &[&str] = &["company member", "company owner", "coordinator"];
        const ALL_THREE: &[&str] = &[
            "company member",
            "company owner",
            "coordinator",
            "evaluator",
        ];
        const COORD: &[&str] = &["coordinator"];
        const COORD_EVAL: &[&str] = &["coordinator", "evaluator"];
        const EVAL: &[&str] = &["evaluator"];
        const NONE: &[&str] = &[];
        use Panel::*;
        // (panel, sealed, own sheet submitted) → who may: read the proposal, read the others'
        // scores, score, reopen a sheet.
        #[rustfmt::skip]
        let table: [(Panel, bool, bool, [&[&str]; 4]); 12] = [
            // Before the deadline nobody but the company sees anything.
            (Assigned,   true,  false, [CO, NONE, NONE, NONE]),
            (Undeclared, true,  false, [CO, NONE, NONE, NONE]),
            (Unassigned, true,  false, [CO, NONE, NONE, NONE]),
            (Conflicted, true,  false, [CO, NONE, NONE, NONE]),
            // After the deadline, before the evaluator has submitted: they score blind.
            (Assigned,   false, false, [ALL_THREE, COORD, EVAL, COORD]),
            (Undeclared, false, false, [CO_COORD, COORD, NONE, COORD]),
            (Unassigned, false, false, [CO_COORD, COORD, NONE, COORD]),
            (Conflicted, false, false, [CO_COORD, COORD, NONE, COORD]),
            // After submitting their own sheet the others' open up (the lock on their own
            // sheet is the handler's 409 `scores_locked`).
            (Assigned,   false, true,  [ALL_THREE, COORD_EVAL, EVAL, COORD]),
            (Undeclared, false, true,  [CO_COORD, COORD, NONE, COORD]),
            (Unassigned, false, true,  [CO_COORD, COORD, NONE, COORD]),
            (Conflicted, false, true,  [CO_COORD, COORD, NONE, COORD]),
        ];
        for (panel, sealed, own_submitted, [read, peers, score, reopen]) in table {
            let seats: Vec<Seat> = seat(panel)
                .map(|(assigned, conflict)| Seat {
                    user_id: 4,
                    assigned,
                    conflict,
                })
                .into_iter()
                .collect();
            let p = ProposalFacts {
                lead_org: HOIVATEK,
                partners: &[],
                regions: &[PIRKANMAA],
                panel: &seats,
            };
            let case = format!("{panel:?} sealed={sealed} own_submitted={own_submitted}");
            for (action, allowed) in [
                (
                    Action::ReadProposal {
                        p,
                        sealed,
                        submitted: true,
                    },
                    read,
                ),
                (
                    Action::ReadPeerScores {
                        p,
                        sealed,
                        own_submitted,
                    },
                    peers,
                ),
                (Action::ScoreProposal { p, sealed }, score),
                (Action::ReopenScores { p, sealed }, reopen),
            ] {
                for (name, a) in cast() {
                    assert_eq!(
                        allows(a.as_ref(), action),
                        allowed.contains(&name),
                        "{case}: {name} × {action:?}"
                    );
                }
            }
            // Another company's proposal, on whose panel the evaluator sits the same way: the
            // cast's company sees nothing of it; the region and the evaluator as above.
            let theirs = ProposalFacts {
                lead_org: OTHER_CO,
                ..p
            };
            let strip = |names: &[&'static str]| -> Vec<&'static str> {
                names.iter().copied().filter(|n| !CO.contains(n)).collect()
            };
            expect(
                Action::ReadProposal {
                    p: theirs,
                    sealed,
                    submitted: true,
                },
                &strip(read),
            );
            expect(Action::ScoreProposal { p: theirs, sealed }, score);
        }
    }

    #[test]
    fn the_board_decisions_and_feedback() {
        let own = &[PIRKANMAA];
        expect(
            Action::DecideEvaluation {
                regions: own,
                sealed: true,
            },
            &[],
        );
        expect(
            Action::DecideEvaluation {
                regions: own,
                sealed: false,
            },
            &["coordinator"],
        );
        expect(
            Action::DecideEvaluation {
                regions: &[PIRKANMAA, OULU],
                sealed: false,
            },
            &["coordinator", "other coordinator"],
        );
        // Feedback: the proposal's own organisations, once published; partners too.
        let panel = [Seat {
            user_id: 4,
            assigned: true,
            conflict: Some(false),
        }];
        let own_proposal = ProposalFacts {
            lead_org: HOIVATEK,
            partners: &[],
            regions: own,
            panel: &panel,
        };
        let as_partner = ProposalFacts {
            lead_org: OTHER_CO,
            partners: &[HOIVATEK],
            ..own_proposal
        };
        let theirs = ProposalFacts {
            lead_org: OTHER_CO,
            ..own_proposal
        };
        for p in [own_proposal, as_partner] {
            expect(
                Action::ReadFeedback { p, published: true },
                &["company member", "company owner"],
            );
            expect(
                Action::ReadFeedback {
                    p,
                    published: false,
                },
                &[],
            );
        }
        // Never another company's, and not the panel's or the region's (they have the board).
        expect(
            Action::ReadFeedback {
                p: theirs,
                published: true,
            },
            &[],
        );
    }
}
