//! The one JSON error envelope every failing API call returns, and its localised messages.
//!
//! Shape: `{"error": {"code": "validation_failed", "message": "…", "fields": [{"field": "title",
//! "code": "required", "message": "…"}]}}`. `code` is stable and machine-readable; `message` is
//! written in the request's language. The catalogue lives here so the browser can show the same
//! words when it validates a form before sending it.

use serde::{Deserialize, Serialize};

use crate::lang::{Lang, Tri};

/// What went wrong, as a whole. Each maps to one HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    ValidationFailed,
    MalformedRequest,
    Unauthenticated,
    InvalidCredentials,
    EmailNotVerified,
    Forbidden,
    CsrfRejected,
    NotFound,
    MethodNotAllowed,
    Conflict,
    EmailTaken,
    BusinessIdTaken,
    InvalidTransition,
    QuestionsClosed,
    LimitReached,
    DialogueClosed,
    ProposalsClosed,
    RegistrationClosed,
    MeetingLimitReached,
    SlotTaken,
    NotYetHeld,
    AlreadyMember,
    AlreadyEvaluator,
    InvitationAccepted,
    CriteriaFrozen,
    EvaluationNotStarted,
    ConflictOfInterest,
    ScoresLocked,
    EvaluationsMissing,
    DecisionsMissing,
    RoundPublished,
    CriteriaMissing,
    AlreadyInvited,
    AlreadyRequested,
    TokenInvalid,
    RateLimited,
    PayloadTooLarge,
    UnsupportedMediaType,
    Internal,
}

impl ErrorCode {
    /// Every code, for exhaustive tests and documentation.
    pub const ALL: [ErrorCode; 39] = [
        ErrorCode::ValidationFailed,
        ErrorCode::MalformedRequest,
        ErrorCode::Unauthenticated,
        ErrorCode::InvalidCredentials,
        ErrorCode::EmailNotVerified,
        ErrorCode::Forbidden,
        ErrorCode::CsrfRejected,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::Conflict,
        ErrorCode::EmailTaken,
        ErrorCode::BusinessIdTaken,
        ErrorCode::InvalidTransition,
        ErrorCode::QuestionsClosed,
        ErrorCode::LimitReached,
        ErrorCode::DialogueClosed,
        ErrorCode::ProposalsClosed,
        ErrorCode::RegistrationClosed,
        ErrorCode::MeetingLimitReached,
        ErrorCode::SlotTaken,
        ErrorCode::NotYetHeld,
        ErrorCode::AlreadyMember,
        ErrorCode::AlreadyEvaluator,
        ErrorCode::InvitationAccepted,
        ErrorCode::CriteriaFrozen,
        ErrorCode::EvaluationNotStarted,
        ErrorCode::ConflictOfInterest,
        ErrorCode::ScoresLocked,
        ErrorCode::EvaluationsMissing,
        ErrorCode::DecisionsMissing,
        ErrorCode::RoundPublished,
        ErrorCode::CriteriaMissing,
        ErrorCode::AlreadyInvited,
        ErrorCode::AlreadyRequested,
        ErrorCode::TokenInvalid,
        ErrorCode::RateLimited,
        ErrorCode::PayloadTooLarge,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::Internal,
    ];

    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::ValidationFailed => 422,
            ErrorCode::MalformedRequest => 400,
            ErrorCode::TokenInvalid => 400,
            ErrorCode::Unauthenticated | ErrorCode::InvalidCredentials => 401,
            ErrorCode::EmailNotVerified | ErrorCode::Forbidden | ErrorCode::CsrfRejected => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::Conflict
            | ErrorCode::EmailTaken
            | ErrorCode::BusinessIdTaken
            | ErrorCode::InvalidTransition
            | ErrorCode::QuestionsClosed
            | ErrorCode::LimitReached
            | ErrorCode::DialogueClosed
            | ErrorCode::ProposalsClosed
            | ErrorCode::RegistrationClosed
            | ErrorCode::MeetingLimitReached
            | ErrorCode::SlotTaken
            | ErrorCode::NotYetHeld
            | ErrorCode::AlreadyMember
            | ErrorCode::AlreadyEvaluator
            | ErrorCode::InvitationAccepted
            | ErrorCode::CriteriaFrozen
            | ErrorCode::EvaluationNotStarted
            | ErrorCode::ConflictOfInterest
            | ErrorCode::ScoresLocked
            | ErrorCode::EvaluationsMissing
            | ErrorCode::DecisionsMissing
            | ErrorCode::RoundPublished
            | ErrorCode::CriteriaMissing
            | ErrorCode::AlreadyInvited
            | ErrorCode::AlreadyRequested => 409,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
        }
    }

    pub fn message(self, lang: Lang) -> &'static str {
        let t = match self {
            ErrorCode::ValidationFailed => Tri {
                fi: "Tarkista lomakkeen tiedot.",
                sv: "Kontrollera uppgifterna i formuläret.",
                en: "Please check the form.",
            },
            ErrorCode::MalformedRequest => Tri {
                fi: "Pyyntö oli virheellinen.",
                sv: "Begäran var felaktig.",
                en: "The request was malformed.",
            },
            ErrorCode::Unauthenticated => Tri {
                fi: "Kirjaudu sisään jatkaaksesi.",
                sv: "Logga in för att fortsätta.",
                en: "Please sign in to continue.",
            },
            ErrorCode::InvalidCredentials => Tri {
                fi: "Sähköpostiosoite tai salasana on väärin.",
                sv: "Fel e-postadress eller lösenord.",
                en: "Wrong e-mail address or password.",
            },
            ErrorCode::EmailNotVerified => Tri {
                fi: "Vahvista ensin sähköpostiosoitteesi.",
                sv: "Bekräfta först din e-postadress.",
                en: "Please verify your e-mail address first.",
            },
            ErrorCode::Forbidden => Tri {
                fi: "Sinulla ei ole oikeutta tähän toimintoon.",
                sv: "Du har inte behörighet till den här åtgärden.",
                en: "You are not allowed to do this.",
            },
            ErrorCode::CsrfRejected => Tri {
                fi: "Pyyntö hylättiin turvallisuussyistä. Lataa sivu uudelleen.",
                sv: "Begäran avvisades av säkerhetsskäl. Ladda om sidan.",
                en: "The request was rejected for security reasons. Reload the page.",
            },
            ErrorCode::NotFound => Tri {
                fi: "Hakemaasi kohdetta ei löytynyt.",
                sv: "Det du sökte hittades inte.",
                en: "What you were looking for was not found.",
            },
            ErrorCode::MethodNotAllowed => Tri {
                fi: "Tätä toimintoa ei voi tehdä tähän osoitteeseen.",
                sv: "Den här åtgärden kan inte göras på den här adressen.",
                en: "This action is not available at this address.",
            },
            ErrorCode::Conflict => Tri {
                fi: "Tieto on muuttunut. Lataa sivu uudelleen.",
                sv: "Uppgifterna har ändrats. Ladda om sidan.",
                en: "The data has changed. Reload the page.",
            },
            ErrorCode::EmailTaken => Tri {
                fi: "Tällä sähköpostiosoitteella on jo tili.",
                sv: "Det finns redan ett konto med den här e-postadressen.",
                en: "An account with this e-mail address already exists.",
            },
            ErrorCode::BusinessIdTaken => Tri {
                fi: "Tällä Y-tunnuksella on jo organisaatio.",
                sv: "Det finns redan en organisation med detta FO-nummer.",
                en: "An organisation with this business ID already exists.",
            },
            ErrorCode::InvalidTransition => Tri {
                fi: "Haasteen tilaa ei voi muuttaa näin.",
                sv: "Utmaningens status kan inte ändras så här.",
                en: "The challenge cannot move to that status.",
            },
            ErrorCode::QuestionsClosed => Tri {
                fi: "Kysymysten jättöaika on päättynyt tai haaste ei ole auki kysymyksille.",
                sv: "Tiden för frågor har gått ut eller utmaningen tar inte emot frågor.",
                en: "The deadline for questions has passed, or the challenge is not open for questions.",
            },
            ErrorCode::ProposalsClosed => Tri {
                fi: "Ehdotuksia ei voi enää jättää tai muuttaa: ehdotusten määräaika on päättynyt tai haaste ei ota ehdotuksia vastaan.",
                sv: "Förslag kan inte längre lämnas in eller ändras: tiden för förslag har gått ut eller utmaningen tar inte emot förslag.",
                en: "Proposals can no longer be submitted or changed: the proposals deadline has passed, or the challenge does not take proposals.",
            },
            ErrorCode::DialogueClosed => Tri {
                fi: "Haasteen markkinavuoropuhelu ei ole auki: haaste ei ole julkinen tai ehdotusten määräaika on päättynyt.",
                sv: "Marknadsdialogen för utmaningen är inte öppen: utmaningen är inte offentlig eller tiden för förslag har gått ut.",
                en: "The challenge's market dialogue is not open: the challenge is not public, or its proposals deadline has passed.",
            },
            ErrorCode::LimitReached => Tri {
                fi: "Enimmäismäärä on jo käytössä. Poista jokin aiemmista ensin.",
                sv: "Det största tillåtna antalet har redan nåtts. Ta först bort något av de tidigare.",
                en: "You have reached the maximum number. Remove an earlier one first.",
            },
            ErrorCode::RegistrationClosed => Tri {
                fi: "Ilmoittautuminen tai varaus ei ole enää mahdollinen: tilaisuus on alkanut tai peruttu, tai haaste ei ole avoinna.",
                sv: "Anmälan eller bokning är inte längre möjlig: tillfället har börjat eller ställts in, eller utmaningen är inte öppen.",
                en: "Registration or booking is no longer possible: the event has started or was cancelled, or the challenge is not open.",
            },
            ErrorCode::MeetingLimitReached => Tri {
                fi: "Organisaatiosi on jo varannut sallitun määrän tapaamisia tähän haasteeseen.",
                sv: "Din organisation har redan bokat det tillåtna antalet möten för den här utmaningen.",
                en: "Your organisation has already booked the allowed number of meetings for this challenge.",
            },
            ErrorCode::SlotTaken => Tri {
                fi: "Tämä tapaamisaika on jo varattu. Valitse toinen aika.",
                sv: "Den här mötestiden är redan bokad. Välj en annan tid.",
                en: "This meeting slot is already booked. Choose another time.",
            },
            ErrorCode::NotYetHeld => Tri {
                fi: "Aineiston tai yhteenvedon voi julkaista vasta tilaisuuden päätyttyä.",
                sv: "Material eller sammanfattning kan publiceras först när tillfället har avslutats.",
                en: "Material or a summary can be published only after the event has ended.",
            },
            ErrorCode::AlreadyMember => Tri {
                fi: "Henkilö on jo organisaation jäsen.",
                sv: "Personen är redan medlem i organisationen.",
                en: "The person is already a member of the organisation.",
            },
            ErrorCode::AlreadyEvaluator => Tri {
                fi: "Henkilö on jo tämän haasteen arvioija.",
                sv: "Personen är redan bedömare i den här utmaningen.",
                en: "The person is already an evaluator of this challenge.",
            },
            ErrorCode::InvitationAccepted => Tri {
                fi: "Kutsu on jo hyväksytty. Jos henkilön ei pidä enää olla mukana, poista hänen jäsenyytensä tai arvioijan tehtävänsä.",
                sv: "Inbjudan har redan godkänts. Om personen inte längre ska vara med, ta bort medlemskapet eller bedömaruppdraget.",
                en: "The invitation was already accepted. If the person should no longer take part, remove their membership or evaluator role instead.",
            },
            ErrorCode::CriteriaFrozen => Tri {
                fi: "Arviointikriteerejä ei voi enää muuttaa: ehdotusten määräaika on päättynyt ja arviointi perustuu julkaistuihin kriteereihin.",
                sv: "Bedömningskriterierna kan inte längre ändras: tiden för förslag har gått ut och bedömningen bygger på de publicerade kriterierna.",
                en: "The evaluation criteria can no longer be changed: the proposals deadline has passed and evaluation relies on the published criteria.",
            },
            ErrorCode::EvaluationNotStarted => Tri {
                fi: "Arviointi alkaa vasta ehdotusten määräajan päätyttyä: siihen asti ehdotukset ovat suljettuja.",
                sv: "Bedömningen börjar först när tiden för förslag har gått ut: till dess är förslagen förseglade.",
                en: "Evaluation starts only after the proposals deadline: until then the proposals are sealed.",
            },
            ErrorCode::ConflictOfInterest => Tri {
                fi: "Arvioija on ilmoittanut olevansa esteellinen tämän ehdotuksen arviointiin.",
                sv: "Bedömaren har anmält jäv för bedömningen av det här förslaget.",
                en: "The evaluator has declared a conflict of interest with this proposal.",
            },
            ErrorCode::ScoresLocked => Tri {
                fi: "Arvio on jo jätetty, eikä sitä voi muuttaa. Koordinaattori voi avata sen uudelleen perustellusta syystä.",
                sv: "Bedömningen har redan lämnats in och kan inte ändras. Koordinatorn kan öppna den på nytt av motiverat skäl.",
                en: "The evaluation was already submitted and cannot be changed. A coordinator can reopen it for a stated reason.",
            },
            ErrorCode::EvaluationsMissing => Tri {
                fi: "Kaikki osoitetut arviot eivät ole vielä valmiita: konsensusta tai päätöstä ei voi kirjata ennen niitä.",
                sv: "Alla tilldelade bedömningar är inte klara ännu: konsensus eller beslut kan inte registreras före dem.",
                en: "Not all assigned evaluations are in yet: no consensus or decision can be recorded before they are.",
            },
            ErrorCode::DecisionsMissing => Tri {
                fi: "Jokaisella kierroksen ehdotuksella on oltava perusteltu päätös ennen julkaisua.",
                sv: "Varje förslag i omgången måste ha ett motiverat beslut före publiceringen.",
                en: "Every proposal in the round needs a reasoned decision before publication.",
            },
            ErrorCode::RoundPublished => Tri {
                fi: "Kierroksen päätökset on jo julkaistu, eikä niitä voi enää muuttaa.",
                sv: "Omgångens beslut har redan publicerats och kan inte längre ändras.",
                en: "The round's decisions were already published and can no longer be changed.",
            },
            ErrorCode::CriteriaMissing => Tri {
                fi: "Haasteelle ei ole vielä määritelty arviointikriteereitä.",
                sv: "Utmaningen har ännu inga bedömningskriterier.",
                en: "The challenge has no evaluation criteria yet.",
            },
            ErrorCode::AlreadyInvited => Tri {
                fi: "Organisaatio on jo kutsuttu tämän haasteen markkinavuoropuheluun.",
                sv: "Organisationen har redan bjudits in till marknadsdialogen för den här utmaningen.",
                en: "The organisation has already been invited to this challenge's market dialogue.",
            },
            ErrorCode::AlreadyRequested => Tri {
                fi: "Olette jo lähettäneet tälle organisaatiolle yhteydenottopyynnön tästä haasteesta.",
                sv: "Ni har redan skickat en kontaktförfrågan till den här organisationen om den här utmaningen.",
                en: "You have already sent this organisation a contact request about this challenge.",
            },
            ErrorCode::TokenInvalid => Tri {
                fi: "Linkki on vanhentunut tai jo käytetty.",
                sv: "Länken har gått ut eller redan använts.",
                en: "The link has expired or was already used.",
            },
            ErrorCode::RateLimited => Tri {
                fi: "Liian monta yritystä. Yritä myöhemmin uudelleen.",
                sv: "För många försök. Försök igen senare.",
                en: "Too many attempts. Please try again later.",
            },
            ErrorCode::PayloadTooLarge => Tri {
                fi: "Lähetetty tieto on liian suuri.",
                sv: "Det skickade innehållet är för stort.",
                en: "What was sent is too large.",
            },
            ErrorCode::UnsupportedMediaType => Tri {
                fi: "Tiedostotyyppiä ei tueta.",
                sv: "Filtypen stöds inte.",
                en: "This type of content is not supported.",
            },
            ErrorCode::Internal => Tri {
                fi: "Palvelussa tapahtui virhe. Yritä hetken päästä uudelleen.",
                sv: "Ett fel uppstod i tjänsten. Försök igen om en stund.",
                en: "Something went wrong on our side. Please try again shortly.",
            },
        };
        t.get(lang)
    }
}

/// Why a single field was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldCode {
    Required,
    TooShort,
    TooLong,
    TooSmall,
    TooLarge,
    InvalidEmail,
    InvalidBusinessId,
    PasswordTooCommon,
    InvalidChoice,
    RangeReversed,
    DateOrder,
    DuplicateValue,
    NoSuchAccount,
    InvalidUrl,
    ReasonRequired,
    DurationTooLong,
    /// Not a key: lower-case a–z, digits and single hyphens only.
    InvalidKey,
    /// The weights do not add up to 100 %; `limit` is their current sum in basis points.
    WeightsSum,
    /// A scale level has no description; `limit` is the level.
    LevelMissing,
}

impl FieldCode {
    /// The message for this field problem; `limit` fills in lengths and bounds.
    pub fn message(self, lang: Lang, limit: Option<i64>) -> String {
        let n = limit.unwrap_or_default();
        match (self, lang) {
            (FieldCode::Required, Lang::Fi) => "Pakollinen tieto.".into(),
            (FieldCode::Required, Lang::Sv) => "Obligatorisk uppgift.".into(),
            (FieldCode::Required, Lang::En) => "Required.".into(),
            (FieldCode::TooShort, Lang::Fi) => format!("Vähintään {n} merkkiä."),
            (FieldCode::TooShort, Lang::Sv) => format!("Minst {n} tecken."),
            (FieldCode::TooShort, Lang::En) => format!("At least {n} characters."),
            (FieldCode::TooLong, Lang::Fi) => format!("Enintään {n} merkkiä."),
            (FieldCode::TooLong, Lang::Sv) => format!("Högst {n} tecken."),
            (FieldCode::TooLong, Lang::En) => format!("At most {n} characters."),
            (FieldCode::TooSmall, Lang::Fi) => format!("Pienin sallittu arvo on {n}."),
            (FieldCode::TooSmall, Lang::Sv) => format!("Minsta tillåtna värde är {n}."),
            (FieldCode::TooSmall, Lang::En) => format!("The smallest allowed value is {n}."),
            (FieldCode::TooLarge, Lang::Fi) => format!("Suurin sallittu arvo on {n}."),
            (FieldCode::TooLarge, Lang::Sv) => format!("Största tillåtna värde är {n}."),
            (FieldCode::TooLarge, Lang::En) => format!("The largest allowed value is {n}."),
            (FieldCode::InvalidEmail, Lang::Fi) => "Anna sähköpostiosoite muodossa nimi@esimerkki.fi.".into(),
            (FieldCode::InvalidEmail, Lang::Sv) => "Ange e-postadressen i formen namn@exempel.fi.".into(),
            (FieldCode::InvalidEmail, Lang::En) => "Enter an e-mail address like name@example.com.".into(),
            (FieldCode::InvalidBusinessId, Lang::Fi) => "Y-tunnus on muotoa 1234567-8 ja sen tarkiste täsmää.".into(),
            (FieldCode::InvalidBusinessId, Lang::Sv) => "FO-numret har formen 1234567-8 och kontrollsiffran ska stämma.".into(),
            (FieldCode::InvalidBusinessId, Lang::En) => "A business ID looks like 1234567-8 and its check digit must match.".into(),
            (FieldCode::PasswordTooCommon, Lang::Fi) => "Tämä salasana on liian yleinen. Valitse toinen.".into(),
            (FieldCode::PasswordTooCommon, Lang::Sv) => "Lösenordet är för vanligt. Välj ett annat.".into(),
            (FieldCode::PasswordTooCommon, Lang::En) => "This password is too common. Choose another.".into(),
            (FieldCode::InvalidChoice, Lang::Fi) => "Valitse jokin annetuista vaihtoehdoista.".into(),
            (FieldCode::InvalidChoice, Lang::Sv) => "Välj ett av de givna alternativen.".into(),
            (FieldCode::InvalidChoice, Lang::En) => "Choose one of the given options.".into(),
            (FieldCode::RangeReversed, Lang::Fi) => "Alaraja ei voi olla ylärajaa suurempi.".into(),
            (FieldCode::RangeReversed, Lang::Sv) => "Nedre gränsen kan inte vara större än den övre.".into(),
            (FieldCode::RangeReversed, Lang::En) => "The lower bound cannot exceed the upper bound.".into(),
            (FieldCode::DateOrder, Lang::Fi) => "Päivämäärät ovat väärässä järjestyksessä.".into(),
            (FieldCode::DateOrder, Lang::Sv) => "Datumen är i fel ordning.".into(),
            (FieldCode::DateOrder, Lang::En) => "The dates are in the wrong order.".into(),
            (FieldCode::DuplicateValue, Lang::Fi) => "Sama arvo on annettu kahdesti.".into(),
            (FieldCode::DuplicateValue, Lang::Sv) => "Samma värde har angetts två gånger.".into(),
            (FieldCode::DuplicateValue, Lang::En) => "The same value was given twice.".into(),
            (FieldCode::NoSuchAccount, Lang::Fi) => "Tällä sähköpostiosoitteella ei ole tiliä. Pyydä henkilöä rekisteröitymään ensin.".into(),
            (FieldCode::NoSuchAccount, Lang::Sv) => "Det finns inget konto med den här e-postadressen. Be personen registrera sig först.".into(),
            (FieldCode::InvalidUrl, Lang::Fi) => "Anna verkko-osoite muodossa https://esimerkki.fi/sivu.".into(),
            (FieldCode::InvalidUrl, Lang::Sv) => "Ange webbadressen i formen https://exempel.fi/sida.".into(),
            (FieldCode::InvalidUrl, Lang::En) => "Enter a web address like https://example.com/page.".into(),
            (FieldCode::ReasonRequired, Lang::Fi) => "Kerro muutoksen syy: se näytetään muutoshistoriassa kaikille.".into(),
            (FieldCode::ReasonRequired, Lang::Sv) => "Ange orsaken till ändringen: den visas för alla i ändringshistoriken.".into(),
            (FieldCode::ReasonRequired, Lang::En) => "Give the reason for this change: everyone sees it in the change log.".into(),
            (FieldCode::DurationTooLong, Lang::Fi) => format!("Kesto voi olla enintään {n} tuntia."),
            (FieldCode::DurationTooLong, Lang::Sv) => format!("Längden får vara högst {n} timmar."),
            (FieldCode::DurationTooLong, Lang::En) => format!("It can last at most {n} hours."),
            (FieldCode::NoSuchAccount, Lang::En) => "There is no account with this e-mail address. Ask the person to sign up first.".into(),
            (FieldCode::InvalidKey, Lang::Fi) => "Käytä vain pieniä kirjaimia a–z, numeroita ja yhdysmerkkejä, esim. hinta-laatu.".into(),
            (FieldCode::InvalidKey, Lang::Sv) => "Använd bara små bokstäver a–z, siffror och bindestreck, t.ex. pris-kvalitet.".into(),
            (FieldCode::InvalidKey, Lang::En) => "Use only lower-case letters a–z, digits and hyphens, e.g. price-quality.".into(),
            (FieldCode::WeightsSum, lang) => {
                let sum = crate::evaluation::percent_from_bp(n, lang);
                match lang {
                    Lang::Fi => format!("Painojen summa on nyt {sum} %; sen on oltava tasan 100 %."),
                    Lang::Sv => format!("Vikternas summa är nu {sum} %; den ska vara exakt 100 %."),
                    Lang::En => format!("The weights now add up to {sum}%; they must add up to exactly 100%."),
                }
            }
            (FieldCode::LevelMissing, Lang::Fi) => format!("Kuvaa myös taso {n}."),
            (FieldCode::LevelMissing, Lang::Sv) => format!("Beskriv också nivå {n}."),
            (FieldCode::LevelMissing, Lang::En) => format!("Describe level {n} too."),
        }
    }
}

/// One refused field: which, why, and the words to show beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    pub field: String,
    pub code: FieldCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    #[serde(default)]
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: FieldCode) -> Self {
        FieldError {
            field: field.into(),
            code,
            limit: None,
            message: String::new(),
        }
    }

    pub fn with_limit(field: impl Into<String>, code: FieldCode, limit: i64) -> Self {
        FieldError {
            field: field.into(),
            code,
            limit: Some(limit),
            message: String::new(),
        }
    }

    /// Fills in `message` in the given language.
    pub fn localise(mut self, lang: Lang) -> Self {
        self.message = self.code.message(lang, self.limit);
        self
    }
}

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub error: ErrorBody,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

impl ApiError {
    pub fn new(code: ErrorCode, lang: Lang) -> Self {
        ApiError {
            error: ErrorBody {
                code,
                message: code.message(lang).to_owned(),
                fields: vec![],
            },
        }
    }

    pub fn validation(fields: Vec<FieldError>, lang: Lang) -> Self {
        let fields = fields.into_iter().map(|f| f.localise(lang)).collect();
        ApiError {
            error: ErrorBody {
                code: ErrorCode::ValidationFailed,
                message: ErrorCode::ValidationFailed.message(lang).to_owned(),
                fields,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_shape_is_stable() {
        let e = ApiError::validation(
            vec![FieldError::with_limit("title", FieldCode::TooLong, 200)],
            Lang::En,
        );
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["error"]["code"], "validation_failed");
        assert_eq!(json["error"]["fields"][0]["field"], "title");
        assert_eq!(json["error"]["fields"][0]["code"], "too_long");
        assert_eq!(
            json["error"]["fields"][0]["message"],
            "At most 200 characters."
        );
    }

    #[test]
    fn every_code_has_three_distinct_messages() {
        for code in ErrorCode::ALL {
            let [fi, sv, en] = Lang::ALL.map(|l| code.message(l));
            assert!(fi != sv && sv != en && fi != en, "{code:?}");
            assert!((400..600).contains(&code.http_status()));
        }
    }
}
