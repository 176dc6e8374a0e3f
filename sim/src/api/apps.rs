//! Apps: create (personal, or team apps through `/teams/apps`), info, list,
//! update (rename, maintenance, build stack), delete (with everything that
//! belongs to the app), and ACM.

use serde_json::{Value, json};

use super::lookups::{region_ref, stack_ref};
use super::{Cx, addons, ts};
use crate::catalog::{self, REGIONS, STACKS, stable_id};
use crate::protocol::{ApiError, ApiResult, Reply};
use crate::state::{App, Collaborator, Domain};

fn valid_name(name: &str) -> bool {
    let b = name.as_bytes();
    (3..=30).contains(&b.len())
        && b[0].is_ascii_lowercase()
        && !b[b.len() - 1].eq(&b'-')
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

/// The JSON of an app, every field the schema documents.
pub fn view(cx: &Cx, app: &App) -> Value {
    let team = app
        .team
        .as_ref()
        .map(|t| json!({"id": stable_id(&format!("team:{t}")), "name": t}));
    json!({
        "acm": app.acm,
        "archived_at": null,
        "buildpack_provided_description": app.buildpacks.first().map(|b| b.rsplit('/').next().unwrap_or(b).to_string()),
        "build_stack": stack_ref(&app.build_stack),
        "created_at": ts(app.created_at),
        "generation": {"id": stable_id(&format!("generation:{}", app.generation)), "name": app.generation},
        "git_url": format!("https://git.heroku.com/{}.git", app.name),
        "id": app.id,
        "internal_routing": null,
        "maintenance": app.maintenance,
        "name": app.name,
        "owner": {"email": app.owner_email, "id": app.owner_id},
        "organization": team,
        "team": team,
        "region": region_ref(&app.region),
        "released_at": ts(app.released_at),
        "repo_size": null,
        "slug_size": null,
        "space": app.space.as_deref().map(|s| super::spaces::space_ref(cx, s)),
        "stack": stack_ref(&app.stack),
        "updated_at": ts(app.updated_at),
        "web_url": format!("https://{}.herokuapp.com/", app.name),
    })
}

/// The JSON of a team app (`/teams/apps`), which has its own shape.
pub fn team_view(cx: &Cx, app: &App) -> Value {
    let mut v = view(cx, app);
    let map = v.as_object_mut().expect("an object");
    for key in ["acm", "generation", "organization"] {
        map.remove(key);
    }
    map.insert("joined".into(), json!(app.owner_id == cx.account.id));
    map.insert("locked".into(), json!(app.locked));
    let space = app.space.as_deref();
    let space = space.map_or(Value::Null, |s| super::spaces::team_space_ref(cx, s));
    map.insert("space".into(), space);
    map.insert(
        "team".into(),
        app.team
            .as_ref()
            .map_or(Value::Null, |t| json!({"name": t})),
    );
    v
}

fn visible(cx: &Cx) -> Vec<usize> {
    (0..cx.state.apps.len())
        .filter(|&i| cx.app(&cx.state.apps[i].id).is_ok())
        .collect()
}

pub fn list(cx: &mut Cx) -> ApiResult {
    Ok(Reply::List(
        visible(cx)
            .into_iter()
            .map(|i| view(cx, &cx.state.apps[i]))
            .collect(),
    ))
}

/// `/users/~/apps`: owned and collaborated apps, without team apps.
pub fn list_personal(cx: &mut Cx) -> ApiResult {
    let apps = visible(cx)
        .into_iter()
        .filter(|&i| cx.state.apps[i].team.is_none())
        .map(|i| view(cx, &cx.state.apps[i]))
        .collect();
    Ok(Reply::List(apps))
}

pub fn team_list(cx: &mut Cx, team: &str) -> ApiResult {
    super::lookups::team_name(cx, team)?;
    let apps = visible(cx)
        .into_iter()
        .filter(|&i| {
            cx.state.apps[i]
                .team
                .as_deref()
                .is_some_and(|t| t == team || stable_id(&format!("team:{t}")) == team)
        })
        .map(|i| team_view(cx, &cx.state.apps[i]))
        .collect();
    Ok(Reply::List(apps))
}

/// Creates an app, personal or in `team`.
pub fn create(cx: &mut Cx, team: Option<String>) -> ApiResult {
    let name = match cx.str("name") {
        Some(n) if !valid_name(&n) => {
            return Err(ApiError::invalid(
                "Name must start with a letter, end with a letter or digit and can only contain lowercase letters, digits, and dashes.",
            ));
        }
        Some(n) if cx.state.apps.iter().any(|a| a.name == n) => {
            return Err(ApiError::invalid(format!("Name {n} is already taken")));
        }
        Some(n) => n,
        None => loop {
            let n = cx.state.rng.haiku(5);
            if !cx.state.apps.iter().any(|a| a.name == n) {
                break n;
            }
        },
    };
    let region = match cx.ident("region") {
        None => "us".to_string(),
        Some(r) => REGIONS
            .iter()
            .find(|x| x.name == r || stable_id(&format!("region:{}", x.name)) == r)
            .filter(|x| !x.private_only)
            .map(|x| x.name.to_string())
            .ok_or_else(|| ApiError::invalid(format!("Couldn't find that region: {r}.")))?,
    };
    let stack = match cx.ident("stack") {
        None => catalog::DEFAULT_STACK.to_string(),
        Some(st) => STACKS
            .iter()
            .find(|x| x.0 == st || stable_id(&format!("stack:{}", x.0)) == st)
            .map(|x| x.0.to_string())
            .ok_or_else(|| ApiError::invalid(format!("Couldn't find that stack: {st}.")))?,
    };
    let (owner_id, owner_email) = match &team {
        Some(t) => (
            stable_id(&format!("team-owner:{t}")),
            format!("{t}@herokumanager.com"),
        ),
        None => (cx.account.id.clone(), cx.account.email.clone()),
    };
    let creator = team.is_some().then(|| cx.account.email.clone());
    let mut features = std::collections::BTreeMap::new();
    if let Some(flags) = cx.body.get("feature_flags").and_then(Value::as_array) {
        for f in flags.iter().filter_map(Value::as_str) {
            if !catalog::FEATURES.iter().any(|x| x.0 == f) {
                return Err(ApiError::invalid(format!(
                    "Couldn't find that feature: {f}."
                )));
            }
            features.insert(f.to_string(), true);
        }
    }
    let id = cx.uuid();
    cx.state.apps.push(App {
        id: id.clone(),
        name: name.clone(),
        owner_id: owner_id.clone(),
        owner_email: owner_email.clone(),
        team,
        region,
        stack: stack.clone(),
        build_stack: stack,
        maintenance: false,
        acm: false,
        locked: false,
        config: Default::default(),
        formation: Vec::new(),
        dormant_formation: Vec::new(),
        features,
        buildpacks: Vec::new(),
        created_at: cx.now,
        updated_at: cx.now,
        released_at: cx.now,
        creator_email: creator,
        space: None,
        generation: if cx.state.fir_apps.contains(&name) {
            "fir".into()
        } else {
            "cedar".into()
        },
    });
    let (domain_id, collaborator_id) = (cx.uuid(), cx.uuid());
    cx.state.domains.push(Domain {
        id: domain_id,
        app_id: id.clone(),
        hostname: format!("{name}.herokuapp.com"),
        kind: "heroku".into(),
        cname: None,
        sni_endpoint: None,
        created_at: cx.now,
    });
    cx.state.collaborators.push(Collaborator {
        id: collaborator_id,
        app_id: id.clone(),
        email: owner_email,
        user_id: owner_id,
        role: "owner".into(),
        permissions: Vec::new(),
        created_at: cx.now,
        updated_at: cx.now,
    });
    let index = cx.state.apps.len() - 1;
    cx.release(index, "Initial release".into());
    Ok(Reply::Created(view(cx, &cx.state.apps[index])))
}

pub fn create_team(cx: &mut Cx) -> ApiResult {
    let personal = cx
        .body
        .get("personal")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let team = if personal { None } else { cx.ident("team") };
    if !personal && team.is_none() && cx.body.get("space").is_none() {
        return Err(ApiError::invalid("Require params: team."));
    }
    let team = team
        .map(|t| super::lookups::team_name(cx, &t))
        .transpose()?;
    // An app in a space is its team's, in its region.
    let space = super::spaces::for_new_app(cx, team.as_deref())?;
    let team = team.or_else(|| space.as_ref().map(|s| s.team.clone()));
    let reply = create(cx, team)?;
    let index = cx.state.apps.len() - 1;
    drop(reply);
    if let Some(s) = space {
        let app = &mut cx.state.apps[index];
        app.space = Some(s.name);
        app.region = s.region;
    }
    Ok(Reply::Created(team_view(cx, &cx.state.apps[index])))
}

pub fn info(cx: &mut Cx, ident: &str) -> ApiResult {
    let i = cx.app(ident)?;
    Ok(Reply::Ok(view(cx, &cx.state.apps[i])))
}

pub fn team_info(cx: &mut Cx, ident: &str) -> ApiResult {
    let i = cx.app(ident)?;
    Ok(Reply::Ok(team_view(cx, &cx.state.apps[i])))
}

pub fn team_update(cx: &mut Cx, ident: &str) -> ApiResult {
    let i = cx.app(ident)?;
    if let Some(owner) = cx.ident("owner") {
        super::transfers::transfer(cx, i, &owner)?;
    }
    if let Some(locked) = cx.body.get("locked").and_then(Value::as_bool) {
        cx.state.apps[i].locked = locked;
    }
    cx.state.apps[i].updated_at = cx.now;
    Ok(Reply::Ok(team_view(cx, &cx.state.apps[i])))
}

pub fn update(cx: &mut Cx, ident: &str) -> ApiResult {
    let i = cx.app(ident)?;
    if let Some(name) = cx.str("name") {
        if !valid_name(&name) {
            return Err(ApiError::invalid(
                "Name must start with a letter, end with a letter or digit and can only contain lowercase letters, digits, and dashes.",
            ));
        }
        if cx
            .state
            .apps
            .iter()
            .enumerate()
            .any(|(j, a)| j != i && a.name == name)
        {
            return Err(ApiError::invalid(format!("Name {name} is already taken")));
        }
        let (id, old) = (cx.state.apps[i].id.clone(), cx.state.apps[i].name.clone());
        for d in cx
            .state
            .domains
            .iter_mut()
            .filter(|d| d.app_id == id && d.kind == "heroku")
        {
            d.hostname = d.hostname.replacen(&old, &name, 1);
        }
        cx.state.apps[i].name = name;
    }
    if let Some(m) = cx.body.get("maintenance") {
        cx.state.apps[i].maintenance = m
            .as_bool()
            .ok_or_else(|| ApiError::invalid("maintenance must be a boolean."))?;
    }
    if let Some(stack) = cx.ident("build_stack") {
        let found = STACKS
            .iter()
            .find(|x| x.0 == stack || stable_id(&format!("stack:{}", x.0)) == stack);
        let found = found
            .ok_or_else(|| ApiError::invalid(format!("Couldn't find that stack: {stack}.")))?;
        cx.state.apps[i].build_stack = found.0.to_string();
    }
    cx.state.apps[i].updated_at = cx.now;
    Ok(Reply::Ok(view(cx, &cx.state.apps[i])))
}

/// Deletes the app and everything that belongs to it: its add-ons (with their
/// attachments on other apps), its attachments, drains, domains,
/// collaborators, webhooks, telemetry drains, SNI endpoints, couplings, releases and slugs.
pub fn destroy(cx: &mut Cx, ident: &str) -> ApiResult {
    let i = cx.app(ident)?;
    let body = view(cx, &cx.state.apps[i]);
    let id = cx.state.apps[i].id.clone();
    let billed: Vec<String> = cx
        .state
        .addons
        .iter()
        .filter(|a| a.app_id == id)
        .map(|a| a.id.clone())
        .collect();
    for addon in billed {
        addons::remove_addon(cx, &addon);
    }
    let s = &mut *cx.state;
    s.attachments.retain(|a| a.app_id != id);
    s.drains.retain(|d| d.app_id != id);
    s.domains.retain(|d| d.app_id != id);
    s.collaborators.retain(|c| c.app_id != id);
    s.webhooks.retain(|w| w.app_id != id);
    s.telemetry_drains.retain(|d| d.app_id != id);
    s.sni_endpoints.retain(|e| e.app_id != id);
    s.couplings.retain(|c| c.app_id != id);
    s.releases.retain(|r| r.app_id != id);
    s.slugs.retain(|sl| sl.app_id != id);
    s.apps.remove(i);
    Ok(Reply::Ok(body))
}

pub fn acm(cx: &mut Cx, ident: &str, on: bool) -> ApiResult {
    let i = cx.app(ident)?;
    cx.state.apps[i].acm = on;
    cx.state.apps[i].updated_at = cx.now;
    Ok(Reply::Ok(view(cx, &cx.state.apps[i])))
}

/// `POST /filters/apps` with `{"in": {"id": [...]}}`: those apps, as team apps.
pub fn filter(cx: &mut Cx) -> ApiResult {
    let ids: Vec<String> = cx
        .body
        .get("in")
        .and_then(|i| i.get("id"))
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::invalid("Require params: in."))?
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    let apps = visible(cx)
        .into_iter()
        .filter(|&i| ids.contains(&cx.state.apps[i].id))
        .map(|i| team_view(cx, &cx.state.apps[i]))
        .collect();
    Ok(Reply::Ok(Value::Array(apps)))
}
