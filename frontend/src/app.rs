//! The root component: contexts (language, session), the router and the page frame.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, path};

use crate::components::layout::{Footer, Header, SkipLink};
use crate::focus;
use crate::i18n::I18n;
use crate::lazy_pages as lazy;
use crate::pages::board::BoardPage;
use crate::pages::challenge::ChallengePage;
use crate::pages::sign_in::SignInPage;
use crate::pages::static_pages::NotFoundPage;
use crate::session::Session;

#[component]
pub fn App() -> impl IntoView {
    I18n::provide();
    Session::provide();
    view! {
        <Router>
            <Shell />
        </Router>
    }
}

#[component]
fn Shell() -> impl IntoView {
    focus::watch_navigation();
    view! {
        <SkipLink />
        <Header />
        <main id="main" tabindex="-1">
            <div class="container">
                <Routes fallback=|| view! { <NotFoundPage /> }>
                    <Route path=path!("/") view=BoardPage />
                    <Route path=path!("/challenges/new") view={Lazy::<lazy::NewChallenge>::new()} />
                    <Route path=path!("/challenges/:id/edit") view={Lazy::<lazy::EditChallenge>::new()} />
                    <Route path=path!("/challenges/:id/versions/:n") view={Lazy::<lazy::ChallengeVersion>::new()} />
                    <Route path=path!("/challenges/:id/dialogue") view={Lazy::<lazy::DialogueDashboard>::new()} />
                    <Route path=path!("/challenges/:id/evaluation/criteria") view={Lazy::<lazy::EvaluationCriteria>::new()} />
                    <Route path=path!("/challenges/:id/evaluation") view={Lazy::<lazy::EvaluationPanel>::new()} />
                    <Route path=path!("/challenges/:id/evaluation/board") view={Lazy::<lazy::EvaluationBoard>::new()} />
                    <Route path=path!("/challenges/:id/matchmaking") view={Lazy::<lazy::ChallengeMatches>::new()} />
                    <Route path=path!("/challenges/:id/partners") view={Lazy::<lazy::PartnerSearch>::new()} />
                    <Route path=path!("/challenges/:id") view=ChallengePage />
                    <Route path=path!("/sign-in") view=SignInPage />
                    <Route path=path!("/sign-up") view={Lazy::<lazy::SignUp>::new()} />
                    <Route path=path!("/forgot-password") view={Lazy::<lazy::ForgotPassword>::new()} />
                    <Route path=path!("/reset-password") view={Lazy::<lazy::ResetPassword>::new()} />
                    <Route path=path!("/verify-email") view={Lazy::<lazy::VerifyEmail>::new()} />
                    <Route path=path!("/organisation") view={Lazy::<lazy::Organisation>::new()} />
                    <Route path=path!("/organisations/:id/edit") view={Lazy::<lazy::ProfileEditor>::new()} />
                    <Route path=path!("/organisations/:id/recommendations") view={Lazy::<lazy::Recommendations>::new()} />
                    <Route path=path!("/organisations/:id") view={Lazy::<lazy::Profile>::new()} />
                    <Route path=path!("/recommendations") view={Lazy::<lazy::Recommendations>::new()} />
                    <Route path=path!("/contact-requests") view={Lazy::<lazy::ContactRequests>::new()} />
                    <Route path=path!("/directory") view={Lazy::<lazy::Directory>::new()} />
                    <Route path=path!("/invitations/accept") view={Lazy::<lazy::AcceptInvitation>::new()} />
                    <Route path=path!("/evaluations/accept") view={Lazy::<lazy::EvaluatorAccept>::new()} />
                    <Route path=path!("/evaluations") view={Lazy::<lazy::Evaluations>::new()} />
                    <Route path=path!("/account") view={Lazy::<lazy::Account>::new()} />
                    <Route path=path!("/notifications") view={Lazy::<lazy::Notifications>::new()} />
                    <Route path=path!("/my/dialogue") view={Lazy::<lazy::MyDialogue>::new()} />
                    <Route path=path!("/my/proposals") view={Lazy::<lazy::MyProposals>::new()} />
                    <Route path=path!("/proposals/:id") view={Lazy::<lazy::Proposal>::new()} />
                    <Route path=path!("/proposals/:id/receipts/:receipt_id") view={Lazy::<lazy::Receipt>::new()} />
                    <Route path=path!("/proposals/:id/feedback") view={Lazy::<lazy::ProposalFeedback>::new()} />
                    <Route path=path!("/evaluations/proposals/:id") view={Lazy::<lazy::Scoring>::new()} />
                    <Route path=path!("/accessibility") view={Lazy::<lazy::Accessibility>::new()} />
                </Routes>
            </div>
        </main>
        <Footer />
    }
}
