//! Pages, and parts of pages, whose code is downloaded when first needed, not on the first visit.
//!
//! Each type here is a lazy route: `cargo xtask build-frontend` (xtask/src/app_wasm.rs) cuts
//! the code of its `view` into its own wasm module, which the router loads before it shows the
//! page. Code that several lazy pages share goes into a module of its own, loaded with the first
//! of them. What a first visit needs (the board, a challenge page, signing in) stays in the main
//! module; pages for signed-in work, coordinators and account upkeep come from here, and so do
//! the parts of a challenge page that only coordinators and company members see ([`OnDemandPart`]).

use kehto_shared::challenge::ChallengeDetail;
use kehto_shared::org::OrgRef;
use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

use crate::pages::account::AccountPage;
use crate::pages::challenge_admin::ChallengeAdmin;
use crate::pages::challenge_proposal::ProposalBox;
use crate::pages::challenge_submissions::ChallengeSubmissions;
use crate::pages::challenge_version::ChallengeVersionPage;
use crate::pages::dialogue_dashboard::DialogueDashboardPage;
use crate::pages::directory::DirectoryPage;
use crate::pages::editor::{EditChallengePage, NewChallengePage};
use crate::pages::eval_board::EvaluationBoardPage;
use crate::pages::evaluation::criteria::CriteriaPage;
use crate::pages::evaluation::panel::PanelPage;
use crate::pages::evaluation::workspace::WorkspacePage;
use crate::pages::evaluator_accept::EvaluatorAcceptPage;
use crate::pages::feedback::FeedbackPage;
use crate::pages::invitation_accept::AcceptInvitationPage;
use crate::pages::matchmaking::contacts::ContactRequestsPage;
use crate::pages::matchmaking::partners::PartnerSearchPage;
use crate::pages::matchmaking::recommendations::RecommendationsPage;
use crate::pages::matchmaking::suggestions::ChallengeMatchesPage;
use crate::pages::my_dialogue::MyDialoguePage;
use crate::pages::my_proposals::MyProposalsPage;
use crate::pages::notifications::NotificationsPage;
use crate::pages::organisation::OrganisationPage;
use crate::pages::password::{ForgotPasswordPage, ResetPasswordPage};
use crate::pages::profile_editor::ProfileEditorPage;
use crate::pages::profile_page::ProfilePage;
use crate::pages::proposal_editor::ProposalPage;
use crate::pages::receipt::ReceiptPage;
use crate::pages::scoring::ScoringPage;
use crate::pages::sign_up::SignUpPage;
use crate::pages::static_pages::AccessibilityPage;
use crate::pages::verify::VerifyEmailPage;

/// Declares a lazy route per `Type => Page` pair.
macro_rules! lazy_pages {
    ($($route:ident => $page:ident),* $(,)?) => {$(
        #[doc = concat!("The lazily loaded route of [`", stringify!($page), "`].")]
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page /> }.into_any()
            }
        }
    )*};
}

lazy_pages! {
    NewChallenge => NewChallengePage,
    EditChallenge => EditChallengePage,
    ChallengeVersion => ChallengeVersionPage,
    DialogueDashboard => DialogueDashboardPage,
    SignUp => SignUpPage,
    ForgotPassword => ForgotPasswordPage,
    ResetPassword => ResetPasswordPage,
    VerifyEmail => VerifyEmailPage,
    Organisation => OrganisationPage,
    Account => AccountPage,
    Notifications => NotificationsPage,
    MyDialogue => MyDialoguePage,
    Accessibility => AccessibilityPage,
    ProfileEditor => ProfileEditorPage,
    Profile => ProfilePage,
    Directory => DirectoryPage,
    AcceptInvitation => AcceptInvitationPage,
    MyProposals => MyProposalsPage,
    Proposal => ProposalPage,
    Receipt => ReceiptPage,
    EvaluatorAccept => EvaluatorAcceptPage,
    EvaluationCriteria => CriteriaPage,
    EvaluationPanel => PanelPage,
    Evaluations => WorkspacePage,
    Scoring => ScoringPage,
    EvaluationBoard => EvaluationBoardPage,
    ProposalFeedback => FeedbackPage,
    Recommendations => RecommendationsPage,
    ChallengeMatches => ChallengeMatchesPage,
    PartnerSearch => PartnerSearchPage,
    ContactRequests => ContactRequestsPage,
}

/// A part of a page whose code loads on demand; nothing is shown until it has.
#[derive(Clone)]
pub enum OnDemandPart {
    /// The coordinator's actions on a challenge (edit, status changes).
    ChallengeAdmin(Box<ChallengeDetail>, Callback<String>),
    /// The coordinators' view of the submitted proposals.
    Submissions(i64),
    /// A company member's way to their proposal on a challenge.
    ProposalBox(i64, Vec<OrgRef>, bool),
}

#[leptos::lazy]
fn load_part(part: OnDemandPart) -> AnyView {
    match part {
        OnDemandPart::ChallengeAdmin(d, on_changed) => {
            view! { <ChallengeAdmin d=*d on_changed=on_changed /> }.into_any()
        }
        OnDemandPart::Submissions(challenge_id) => {
            view! { <ChallengeSubmissions challenge_id=challenge_id /> }.into_any()
        }
        OnDemandPart::ProposalBox(challenge_id, orgs, open) => {
            view! { <ProposalBox challenge_id=challenge_id orgs=orgs open=open /> }.into_any()
        }
    }
}

/// Shows `part` once its code has loaded.
#[component]
pub fn OnDemand(part: OnDemandPart) -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {
                let part = part.clone();
                move || Suspend::new(load_part(part.clone()))
            }
        </Suspense>
    }
}
