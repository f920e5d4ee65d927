//! The root component: contexts (language, session), the router and the page frame.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::layout::{Footer, Header, SkipLink};
use crate::focus;
use crate::i18n::I18n;
use crate::pages::account::AccountPage;
use crate::pages::board::BoardPage;
use crate::pages::challenge::ChallengePage;
use crate::pages::challenge_version::ChallengeVersionPage;
use crate::pages::dialogue_dashboard::DialogueDashboardPage;
use crate::pages::directory::DirectoryPage;
use crate::pages::editor::{EditChallengePage, NewChallengePage};
use crate::pages::invitation_accept::AcceptInvitationPage;
use crate::pages::my_dialogue::MyDialoguePage;
use crate::pages::my_proposals::MyProposalsPage;
use crate::pages::notifications::NotificationsPage;
use crate::pages::organisation::OrganisationPage;
use crate::pages::password::{ForgotPasswordPage, ResetPasswordPage};
use crate::pages::profile_editor::ProfileEditorPage;
use crate::pages::profile_page::ProfilePage;
use crate::pages::proposal_editor::ProposalPage;
use crate::pages::receipt::ReceiptPage;
use crate::pages::sign_in::SignInPage;
use crate::pages::sign_up::SignUpPage;
use crate::pages::static_pages::{AccessibilityPage, NotFoundPage};
use crate::pages::verify::VerifyEmailPage;
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
                    <Route path=path!("/challenges/new") view=NewChallengePage />
                    <Route path=path!("/challenges/:id/edit") view=EditChallengePage />
                    <Route path=path!("/challenges/:id/versions/:n") view=ChallengeVersionPage />
                    <Route path=path!("/challenges/:id/dialogue") view=DialogueDashboardPage />
                    <Route path=path!("/challenges/:id") view=ChallengePage />
                    <Route path=path!("/sign-in") view=SignInPage />
                    <Route path=path!("/sign-up") view=SignUpPage />
                    <Route path=path!("/forgot-password") view=ForgotPasswordPage />
                    <Route path=path!("/reset-password") view=ResetPasswordPage />
                    <Route path=path!("/verify-email") view=VerifyEmailPage />
                    <Route path=path!("/organisation") view=OrganisationPage />
                    <Route path=path!("/organisations/:id/edit") view=ProfileEditorPage />
                    <Route path=path!("/organisations/:id") view=ProfilePage />
                    <Route path=path!("/directory") view=DirectoryPage />
                    <Route path=path!("/invitations/accept") view=AcceptInvitationPage />
                    <Route path=path!("/account") view=AccountPage />
                    <Route path=path!("/notifications") view=NotificationsPage />
                    <Route path=path!("/my/dialogue") view=MyDialoguePage />
                    <Route path=path!("/my/proposals") view=MyProposalsPage />
                    <Route path=path!("/proposals/:id") view=ProposalPage />
                    <Route path=path!("/proposals/:id/receipts/:receipt_id") view=ReceiptPage />
                    <Route path=path!("/accessibility") view=AccessibilityPage />
                </Routes>
            </div>
        </main>
        <Footer />
    }
}
