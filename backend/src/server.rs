//! Starting and stopping: building the state from the command line, serving until a shutdown
//! signal, and the commands that run once (migrate, seed, create-admin).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;

use crate::auth::password::{hash_password, is_too_common};
use crate::cli::{CreateAdminArgs, GlobalArgs, ServeArgs};
use crate::clock::{Clock, SystemClock};
use crate::db::{self, Db};
use crate::mail::Mailer;
use crate::state::{AppState, Settings};

/// Connects, migrates and loads the reference regions.
pub async fn open_database(url: &str, max_connections: u32) -> anyhow::Result<Db> {
    let db = Db::connect(url, max_connections).await?;
    db.migrate().await?;
    db::orgs::ensure_regions(&db, SystemClock.now().timestamp()).await?;
    Ok(db)
}

pub async fn serve(global: &GlobalArgs, args: &ServeArgs) -> anyhow::Result<()> {
    std::fs::create_dir_all(&global.data_dir)?;
    let db = open_database(&global.database_url(), args.db_connections).await?;
    let mailer = match &args.smtp_url {
        Some(url) => Mailer::smtp(url, &args.mail_from)?,
        None => Mailer::outbox(global.data_dir.join("outbox"), &args.mail_from)?,
    };
    let base_url = args
        .base_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", args.bind));
    let static_dir = args
        .static_dir
        .join("index.html")
        .exists()
        .then(|| args.static_dir.clone());
    if static_dir.is_none() {
        tracing::warn!(dir = %args.static_dir.display(), "no built front end found; serving the API only");
    }
    let matching = crate::matchmaking::build(&db, SystemClock.now().timestamp()).await?;
    let state = AppState {
        db: db.clone(),
        clock: Arc::new(SystemClock),
        mailer: Arc::new(mailer),
        settings: Arc::new(Settings {
            base_url: base_url.clone(),
            trust_proxy: args.trust_proxy,
            static_dir,
        }),
        instance: AppState::new_instance_name(),
        storage: Arc::new(crate::storage::LocalDirStorage::new(
            global.data_dir.join("blobs"),
        )?),
        matching: Arc::new(matching),
    };
    spawn_housekeeping(state.clone());
    crate::matchmaking::spawn_refresh(state.clone(), Duration::from_secs(args.match_refresh));
    crate::jobs::spawn(state.clone(), Duration::from_secs(args.job_interval));
    let listener = TcpListener::bind(args.bind).await?;
    tracing::info!(address = %listener.local_addr()?, %base_url, engine = ?db.engine(), "Kehto is listening");
    axum::serve(
        listener,
        crate::app(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await?;
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Hourly removal of expired sessions. Idempotent, so several instances may all run it.
fn spawn_housekeeping(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tick.tick().await;
            match db::sessions::delete_expired(&state.db, state.now_ts()).await {
                Ok(n) if n > 0 => tracing::info!(removed = n, "expired sessions removed"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = ?e, "session clean-up failed"),
            }
        }
    });
}

/// Resolves on Ctrl-C or SIGTERM; in-flight requests are then allowed to finish.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

pub async fn create_admin(global: &GlobalArgs, args: &CreateAdminArgs) -> anyhow::Result<()> {
    std::fs::create_dir_all(&global.data_dir)?;
    let db = open_database(&global.database_url(), 2).await?;
    let email = kehto_shared::validate::normalise_email(&args.email);
    anyhow::ensure!(
        kehto_shared::validate::is_plausible_email(&email),
        "not an e-mail address: {email}"
    );
    let now = SystemClock.now().timestamp();
    if let Some(user) = db::users::find_by_email(&db, &email).await? {
        db::users::set_admin(&db, user.id).await?;
        println!("{email} is now a platform administrator.");
        return Ok(());
    }
    let mut c = kehto_shared::validate::Checker::new();
    kehto_shared::account::check_password(&mut c, "password", &args.password);
    anyhow::ensure!(c.is_ok(), "the password must be 12–128 characters");
    anyhow::ensure!(
        !is_too_common(&args.password, &email, &args.display_name),
        "the password is too common"
    );
    let hash = hash_password(&args.password)?;
    let new = db::users::NewUser {
        email: &email,
        password_hash: &hash,
        display_name: &args.display_name,
        lang: "fi",
        verified_at: Some(now),
        is_admin: true,
        now,
    };
    db::users::insert_user(&db, &new).await?;
    println!("Created platform administrator {email}.");
    Ok(())
}
