"""Sentence-level event detection and sub-types (issue 12, session 4): what is no event, and the
codebook kinds the classifier decides.  Every report here was written for these tests, in our own
words; none is taken from a news source or a dataset."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from wirewatch.code import code_document
from wirewatch.code.classify import EVENT_TYPE
from wirewatch.records import Event

PUB = "2020-03-15"


def events(text: str, published: str | None = PUB) -> list[Event]:
    return code_document(text, published).events


def first(text: str, published: str | None = PUB) -> Event:
    evs = events(text, published)
    assert evs, text
    return evs[0]


# non-events: statements about stocks and history, threats, figures of another century
@pytest.mark.parametrize("text", [
    "On 14 March 2020, an aid agency said 2.1 million people were now displaced across the central Sahel.",
    "Le 14 mars 2020, le HCR a indiqué que deux millions de personnes étaient déplacées au Sahel central.",
    ("The insurgency has killed more than 20,000 people in the region since 2012, the UN said in a statement "
    "on 14 March 2020."),
    ("On 14 March 2020, a governor in Gao said the killings of 2012 must never happen again, recalling the "
    "prisoners executed near Tessalit that year."),
    "Le 14 mars 2020, des combattants de l'EIGS ont menacé dans une vidéo d'attaquer les écoles de Tillabéri.",
    "On 14 March 2020, fighters of Ansaroul Islam threatened in a leaflet to burn any school that reopens.",
    ("Le choléra a tué des millions de personnes au XIXe siècle, rappelle un médecin interrogé le 14 mars 2020 "
    "à Niamey."),
    "La peste noire a fait des millions de morts en Europe, rappelle un article publié le 14 mars 2020.",
    "On 14 March 2020, six guests of a hotel in Mopti were taken to hospital with food poisoning.",
    "On 14 March 2020, a minibus overturned near Kayes, killing four passengers.",
    "Le 14 mars 2020, un accident de la route a fait trois morts près de Bobo-Dioulasso.",
    "Le 14 mars 2020, des jihadistes ont appelé dans une vidéo à attaquer les écoles.",
])
def test_non_events_get_no_event(text: str) -> None:
    assert events(text) == [], text


# a protest that mourns or recalls a massacre is still peaceful: the deaths are not force against it
@pytest.mark.parametrize("text", [
    ("Le 14 mars 2020, des centaines d'habitants de Djibo ont marché dans le calme pour exiger la sécurité "
    "après le massacre de Silgadji."),
    ("Le 14 mars 2020, des femmes ont manifesté à Kaya pour réclamer justice pour les victimes de la tuerie "
    "de Yirgou."),
    ("On 14 March 2020, hundreds of residents of Mopti marched to demand justice for the victims of the "
    "massacre at Ogossagou."),
])
def test_a_protest_recalling_deaths_stays_peaceful(text: str) -> None:
    assert first(text).sub_event_type == "Peaceful protest", text


def test_force_that_kills_protesters_is_still_excessive() -> None:
    ev = first("Le 14 mars 2020, la police a tiré à balles réelles sur des manifestants à Niamey ; deux ont "
               "été tués.")
    assert ev.sub_event_type == "Excessive force against protesters"


# the coder's own phrasing families (tests/data/reports/*_extra_coder.txt): the dev part is tuned on,
# the held-aside third was written with it and never tuned on; both are pinned with floors
REPORTS = Path(__file__).parent / "data" / "reports"
# session 6 start (0472406): dev 1.000/1.000, held-aside .936/.915; French dev 1.000/1.000, aside .889/.852;
# kinds dev .943/.914, aside .926/.926 (type, sub); floors a little under these
FAMILY_FLOORS = {
    "dev_extra_coder.txt": (0.98, 0.98), "heldaside_extra_coder.txt": (0.91, 0.89),
    # session 5: French Sahel-outlet wording and the English sub-types rare in dev (first measures of the
    # held-aside thirds, before any tuning: French type .889 sub .852, English kinds type .926 sub .926)
    "dev_extra_coder_fr.txt": (0.97, 0.97), "heldaside_extra_coder_fr.txt": (0.86, 0.83),
    "dev_extra_coder_kinds.txt": (0.97, 0.97), "heldaside_extra_coder_kinds.txt": (0.90, 0.90),
    # session 6: 108 EN/FR reports on the codebook's conventions, split by sha256(id) before the coder ran
    # (first measures: dev 74 type .946 sub .932, held-aside 34 type .941 sub .941; after the claim, bodies,
    # armed-guard and mine rules: dev 1.000/1.000, held-aside 1.000/1.000)
    "dev_extra_coder_s6.txt": (0.97, 0.97), "heldaside_extra_coder_s6.txt": (0.97, 0.97),
}


def _families(name: str) -> list[tuple[str, str]]:
    """`sub-type | text` lines, or `id | sub-type | text` (the session-6 set, split by sha256(id))."""
    rows = []
    for line in (REPORTS / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            parts = line.split("|")
            sub, text = (parts[1], parts[2]) if len(parts) == 3 else (parts[0], parts[1])
            rows.append((sub.strip(), text.strip()))
    return rows


MONTHS = {m: n for n, pair in enumerate(
    [("january", "janvier"), ("february", "février"), ("march", "mars"), ("april", "avril"), ("may", "mai"),
     ("june", "juin"), ("july", "juillet"), ("august", "août"), ("september", "septembre"),
     ("october", "octobre"), ("november", "novembre"), ("december", "décembre")], start=1) for m in pair}
STATED = re.compile(r"(\d{1,2})(?:er)? (" + "|".join(MONTHS) + r") (\d{4})", re.IGNORECASE)


def _published(name: str, text: str) -> str:
    """The earlier families were written for one publication day; the session-6 set spans three months, so
    each report is published two days after the day it states, as a wire report would be."""
    m = STATED.search(text) if "_s6" in name else None
    if not m:
        return "2020-03-06"
    return str(dt.date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1))) + dt.timedelta(days=2))


@pytest.mark.parametrize("name", sorted(FAMILY_FLOORS))
def test_phrasing_families_reach_their_floors(name: str) -> None:
    rows = _families(name)
    type_right = sub_right = 0
    for sub, text in rows:
        evs = events(text, _published(name, text))
        got = evs[0].sub_event_type if evs else "NONE"
        type_right += EVENT_TYPE.get(got, "NONE") == EVENT_TYPE.get(sub, "NONE")
        sub_right += got == sub
    type_floor, sub_floor = FAMILY_FLOORS[name]
    assert len(rows) >= 25
    assert type_right / len(rows) >= type_floor and sub_right / len(rows) >= sub_floor, (type_right, sub_right)


# the weapon, the object or the force's act decides the sub-type (ACLED codebook), whatever the wording
@pytest.mark.parametrize(("text", "sub"), [
    ("On 14 March 2020, air force jets bombarded a militant camp near Baga.", "Air/drone strike"),
    ("On 14 March 2020, armed men burned the town hall of Tin-Akoff; nobody was hurt.",
     "Looting/property destruction"),
    ("On 14 March 2020, suspected jihadists destroyed a telecommunications mast near Djibo.",
     "Looting/property destruction"),
    ("Le 14 mars 2020, des hommes armés ont détruit une antenne relais près de Djibo.",
     "Looting/property destruction"),
    ("On 14 March 2020, security services took an opposition leader into custody in Bamako.", "Arrests"),
    ("On 14 March 2020, riot police blocked a sit-in of activists outside the National Assembly in Bamako.",
     "Protest with intervention"),
    ("Le 14 mars 2020, la police a bloqué une marche de l'opposition à Bamako.", "Protest with intervention"),
    ("Le 14 mars 2020, l'armée de l'air a frappé une base terroriste près de Boulikessi.", "Air/drone strike"),
    ("Le 14 mars 2020, des hommes armés ont aspergé deux femmes d'acide sur le marché de Mopti.",
     "Chemical weapon"),
    # the codebook's Agreement covers prisoner and hostage releases: armed men freeing hostages fight nobody
    ("Le 14 mars 2020, des hommes armés ont libéré les trois otages enlevés près de Djibo.", "Agreement"),
    ("Le 14 mars 2020, l'armée malienne s'est redéployée à Ber après le départ des groupes armés.",
     "Non-violent transfer of territory"),
    ("On 14 March 2020, the CMA handed control of Anefis to the Platform after talks.",
     "Non-violent transfer of territory"),
    ("Le 14 mars 2020, un groupe armé a annoncé sa séparation de la CMA et la création d'un nouveau mouvement.",
     "Change to group/activity"),
])
def test_the_act_decides_the_sub_type(text: str, sub: str) -> None:
    assert first(text).sub_event_type == sub, text


@pytest.mark.parametrize("text", [
    "Le 14 mars 2020, un camion-citerne s'est renversé près de Bobo-Dioulasso, faisant deux morts.",
    "Le 14 mars 2020, un car de transport et un camion sont entrés en collision près de Kaya : cinq morts.",
])
def test_a_road_accident_is_no_event(text: str) -> None:
    assert events(text) == [], text


# an angry crowd: its violence on forces or buildings is a riot, on a person it is mob violence
@pytest.mark.parametrize(("text", "sub"), [
    ("On 14 March 2020, angry youths stoned police vehicles and set fire to the gendarmerie in Kaya.",
     "Violent demonstration"),
    ("Le 14 mars 2020, des jeunes en colère ont saccagé la mairie de Dori après la mort d'un commerçant.",
     "Violent demonstration"),
    ("On 14 March 2020, angry villagers beat a suspected thief near Koutiala and attacked his brother.",
     "Mob violence"),
    ("Le 14 mars 2020, une foule a lynché un présumé voleur de motos à Kaya.", "Mob violence"),
])
def test_an_angry_crowd_is_coded_by_what_it_did(text: str, sub: str) -> None:
    assert first(text).sub_event_type == sub, text


def test_a_dispersal_that_hurt_no_one_is_an_intervention() -> None:
    ev = first("On 14 March 2020, police used tear gas to disperse striking teachers in Niamey; nobody was injured.")
    assert ev.sub_event_type == "Protest with intervention"


# ACLED: riots are done by crowds.  Armed men who beat, stone or burn someone commit an armed
# group's violence; a crowd's violence on police or a town hall, or its roadblocks, is a violent
# demonstration; on a person or civilians' property it is mob violence
@pytest.mark.parametrize(("text", "sub"), [
    ("Le 4 mars 2020, des jihadistes ont battu à mort un berger près de Tessit.", "Attack"),
    ("On 3 March 2020, Fulani militiamen attacked villagers in Ogossagou and burned homes, killing 20.", "Attack"),
    (("Le 2 mars 2020, des terroristes ont fait irruption dans une foule lors d'un baptême à Tin-Akoff et tué "
     "cinq personnes."), "Attack"),
    ("On 3 March 2020, a crowd attacked the police station in Kaya after a man died in custody.",
     "Violent demonstration"),
    ("Le 2 mars 2020, des jeunes ont incendié le poste de police de Diapaga après la mort d'un des leurs.",
     "Violent demonstration"),
    ("Le 2 mars 2020, des habitants en colère ont bloqué la route et brûlé des pneus à Kaya.",
     "Violent demonstration"),
    ("Le 2 mars 2020, des hommes armés ont incendié la mairie de Diapaga.", "Looting/property destruction"),
    ("On 3 March 2020, a mob set fire to three shops owned by Fulani traders in Mopti.", "Mob violence"),
    ("On 3 March 2020, a soldier accused of killing a trader was lynched by a mob in Kayes.", "Mob violence"),
    ("On 1 March 2020, residents set upon a woman accused of witchcraft in Bobo-Dioulasso and burned her alive.",
     "Mob violence"),
])
def test_a_riot_needs_a_crowd_and_its_target_decides_the_kind(text: str, sub: str) -> None:
    assert first(text).sub_event_type == sub, text


# French armed targets told as the subject of "a subi une attaque" / "ont été pris à partie"
@pytest.mark.parametrize(("text", "sub"), [
    (("Le 3 mars 2020, une position de l'armée à Inata a subi une attaque d'envergure ; le bilan fait état de "
     "sept soldats tués."), "Armed clash"),
    ("Le 2 mars 2020, des douaniers ont été pris à partie par des individus armés au poste de Seytenga.",
     "Armed clash"),
    ("Le 3 mars 2020, le village de Tin-Akoff a subi une attaque de jihadistes ; trois habitants ont été tués.",
     "Attack"),
])
def test_french_targets_of_an_attack_told_as_subject(text: str, sub: str) -> None:
    assert first(text).sub_event_type == sub, text


# strategic developments in Sahel outlets' wording (codebook: surrenders are Agreements; arrivals
# and movements of forces are a Change to group/activity; positions left and then taken without a
# fight are a Non-violent transfer of territory)
@pytest.mark.parametrize(("text", "sub"), [
    ("Le 3 mars 2020, vingt combattants de l'EIGS se sont rendus aux autorités nigériennes à Ouallam.", "Agreement"),
    ("On 2 March 2020, about thirty fighters of the Islamic State surrendered to Nigerien authorities in Ouallam.",
     "Agreement"),
    ("Le 3 mars 2020, des renforts militaires sont arrivés à Djibo.", "Change to group/activity"),
    ("Le 3 mars 2020, un important convoi de combattants jihadistes a été aperçu près de Nampala.",
     "Change to group/activity"),
    ("On 3 March 2020, several hundred Chadian troops arrived in Ménaka to reinforce the G5 Sahel force.",
     "Change to group/activity"),
    ("Le 3 mars 2020, la CMA a annoncé la suspension de sa participation au comité de suivi de l'accord.",
     "Change to group/activity"),
    ("Le 3 mars 2020, les militaires ont abandonné le poste de Toéni ; les jihadistes s'y sont installés.",
     "Non-violent transfer of territory"),
    ("Le 3 mars 2020, les jihadistes ont investi la ville de Léré après le départ de l'armée.",
     "Non-violent transfer of territory"),
    ("Le 2 mars 2020, les militaires ont découvert et détruit un engin explosif improvisé sur la route de Bourzanga.",
     "Disrupted weapons use"),
    ("Le 1er mars 2020, un enlèvement a visé deux commerçants sur la route de Téra.",
     "Abduction/forced disappearance"),
    ("On 3 March 2020, militants established themselves in the forest of Serma.", "Headquarters or base established"),
])
def test_strategic_kinds_in_sahel_wording(text: str, sub: str) -> None:
    assert first(text).sub_event_type == sub, text


@pytest.mark.parametrize("text", [
    "Le 3 mars 2020, le ministre s'est rendu à Gao pour rencontrer les autorités.",
    "Le 3 mars 2020, les habitants ont abandonné le village de Kelbo.",
])
def test_going_somewhere_or_fleeing_is_no_transfer(text: str) -> None:
    assert events(text) == [], text


# the object of an attack decides who its victims are: a village, a market, a camp of displaced
# people, a health post or a traders' convoy hold unarmed people; an army camp or convoy armed ones
@pytest.mark.parametrize(("text", "sub"), [
    ("Le 3 mars 2020, des hommes armés ont attaqué le camp de déplacés de Barsalogho, tuant six personnes.", "Attack"),
    ("Le 3 mars 2020, des individus armés ont attaqué un convoi de commerçants près de Sebba et tué quatre personnes.",
     "Attack"),
    ("Le 3 mars 2020, des hommes armés ont attaqué le poste de santé de Kelbo et tué un infirmier.", "Attack"),
    ("On 3 March 2020, militants attacked an IDP camp near Barsalogho, killing six.", "Attack"),
    (("Le 3 mars 2020, des hommes armés ont attaqué le village de Yirgou ; les FDS sont intervenues après le départ "
     "des assaillants."), "Attack"),
    ("Le 3 mars 2020, des hommes armés ont attaqué le village de Sokoura ; les chasseurs dozos ont riposté.",
     "Armed clash"),
    ("On 3 March 2020, militants attacked an army camp near Sévaré.", "Armed clash"),
    ("Le 3 mars 2020, des hommes armés ont attaqué le camp militaire de Sévaré.", "Armed clash"),
])
def test_the_object_of_an_attack_decides_its_victims(text: str, sub: str) -> None:
    assert first(text).sub_event_type == sub, text


# protest wording in French: a march that degenerated, protesters who wrecked, police who fired
@pytest.mark.parametrize(("text", "sub"), [
    ("Le 3 mars 2020, une marche a dégénéré en affrontements avec la police à Sikasso.", "Violent demonstration"),
    ("Le 3 mars 2020, des manifestants ont saccagé le siège du parti au pouvoir à Niamey.", "Violent demonstration"),
    ("Le 25 février 2021, des partisans de l'opposition ont incendié des commerces et affronté la police à Niamey.",
     "Violent demonstration"),
    (("Le 20 janvier 2020, la police a tiré sur des jeunes qui manifestaient pacifiquement à Tombouctou. Un jeune a "
     "été tué."), "Excessive force against protesters"),
    ("On 8 March 2020, police opened fire on a peaceful gathering of women traders in Ndjamena.",
     "Excessive force against protesters"),
])
def test_french_protest_wording(text: str, sub: str) -> None:
    assert first(text).sub_event_type == sub, text


# the main event over its parts (codebook): a coup that seized a camp and arrested the president is
# the coup; troops on the ground beside an air strike fought a battle; a weapons seizure from
# smugglers is disrupted weapons use, not crime; a town left before the column arrived is a transfer
@pytest.mark.parametrize(("text", "sub"), [
    (("On 18 August 2020, mutinous officers seized the Kati military camp, arrested the president and announced "
     "the formation of a junta."), "Change to group/activity"),
    (("On 30 September 2020, army captains announced that they had removed the transitional president and "
     "suspended the constitution."), "Change to group/activity"),
    (("On 2 March 2020, French commandos raided a militant camp near Abeibara after air strikes; twelve "
     "militants died in the fighting."), "Armed clash"),
    ("Le 20 février 2020, une frappe d'hélicoptères français a détruit deux pick-up près de Gourma-Rharous.",
     "Air/drone strike"),
    (("The army intercepted a convoy of smugglers near Nema on 2 March 2020 and seized weapons and explosives "
     "without a fight."), "Disrupted weapons use"),
    (("On 2 March 2020 Malian troops re-entered Boni, which militants had blockaded for months; the militants "
     "fled before the column arrived and no fighting was reported."), "Non-violent transfer of territory"),
    ("Le 3 mars 2020, l'armée a repris Titao, abandonnée par les jihadistes avant l'arrivée de la colonne.",
     "Non-violent transfer of territory"),
    ("On 3 March 2020, French forces left their base in Timbuktu and handed it to the Malian army.",
     "Non-violent transfer of territory"),
    ("Le 27 février 2020, deux militaires ont péri lorsque leur véhicule a heurté une mine près de Douentza.",
     "Remote explosive/landmine/IED"),
    (("Le 23 février 2020, l'armée a lancé une opération de ratissage autour d'Arbinda contre des combattants "
     "d'Ansaroul Islam."), "Armed clash"),
    ("JNIM militants ordered schools in Dialloube closed on 2 March 2020 and told teachers to leave.", "Other"),
])
def test_main_event_and_strategic_kinds(text: str, sub: str) -> None:
    assert first(text).sub_event_type == sub, text


# more French protest wording: streets, barricades, roads blocked, homes burned, tear-gas grenades
# (not the Grenade sub-type), strikers dislodged, a march repressed; a rally after yesterday's
# fighting is still peaceful
@pytest.mark.parametrize(("text", "sub"), [
    (("Le 3 mars 2020, des habitants de Djibo se sont rassemblés devant le camp militaire après les affrontements "
     "de la veille pour réclamer la protection de l'armée."), "Peaceful protest"),
    ("Le 3 mars 2020, les habitants de Tillabéri sont sortis dans les rues pour réclamer la fin des attaques.",
     "Peaceful protest"),
    ("Le 3 mars 2020, des jeunes ont érigé des barricades à Gao pour protester contre l'insécurité.",
     "Violent demonstration"),
    ("Le 3 mars 2020, des jeunes ont bloqué l'axe Niamey-Tillabéri en signe de protestation.", "Violent demonstration"),
    ("Le 3 mars 2020, des manifestants ont brûlé le domicile du député à Dori.", "Violent demonstration"),
    ("Le 3 mars 2020, les forces de l'ordre ont fait usage de grenades lacrymogènes contre une marche à Niamey.",
     "Protest with intervention"),
    ("Le 3 mars 2020, la gendarmerie a délogé des grévistes qui occupaient la mine de Tambao.",
     "Protest with intervention"),
    ("Le 3 mars 2020, la police a violemment réprimé une marche à Niamey.", "Excessive force against protesters"),
    ("Le 3 mars 2020, un homme a jeté une grenade dans un bar de Gao, blessant quatre clients.", "Grenade"),
])
def test_more_french_protest_wording(text: str, sub: str) -> None:
    assert first(text).sub_event_type == sub, text


# who is armed: forest guards and a base "la cible d'une attaque" are armed targets; a retired
# soldier killed at home is a civilian
@pytest.mark.parametrize(("text", "sub"), [
    ("Le 3 mars 2020, des hommes armés ont attaqué des gardes forestiers dans le parc du W.", "Armed clash"),
    ("Le 3 mars 2020, la base militaire de Tabankort a été la cible d'une attaque complexe.", "Armed clash"),
    ("Le 3 mars 2020, une patrouille des FAMa est tombée dans un guet-apens près de Tenenkou.", "Armed clash"),
    ("Le 3 mars 2020, un car de transport est tombé dans un guet-apens près de Djibo ; trois passagers ont été tués.",
     "Attack"),
    ("Le 3 mars 2020, des hommes armés ont exécuté un ancien militaire à son domicile à Solenzo.", "Attack"),
    ("On 3 March 2020, gunmen shot dead a retired soldier at his home in Solenzo.", "Attack"),
])
def test_who_is_an_armed_target(text: str, sub: str) -> None:
    assert first(text).sub_event_type == sub, text


# positions left and then taken, in more wordings (EN/FR); fighters joining another group; poison
# put in food or water is a chemical weapon; fighting between two groups
@pytest.mark.parametrize(("text", "sub"), [
    ("On 3 March 2020, Malian troops evacuated their post in Boulkessi, which was then occupied by JNIM militants.",
     "Non-violent transfer of territory"),
    ("On 3 March 2020, JNIM militants moved into the town of Farabougou after the gendarmes fled.",
     "Non-violent transfer of territory"),
    ("On 3 March 2020, militants occupied the abandoned army camp of Inates.", "Non-violent transfer of territory"),
    ("On 3 March 2020, Burkinabe soldiers left the town of Arbinda and militants entered it hours later.",
     "Non-violent transfer of territory"),
    ("Le 3 mars 2020, la MINUSMA a remis le camp de Ber aux FAMa.", "Non-violent transfer of territory"),
    ("Le 3 mars 2020, les FAMa ont évacué le camp de Ménaka ; des hommes armés y sont entrés le lendemain.",
     "Non-violent transfer of territory"),
    ("Le 3 mars 2020, les jihadistes ont occupé le camp militaire abandonné d'Inates.",
     "Non-violent transfer of territory"),
    ("On 3 March 2020, JNIM fighters overran the army post at Dioura after a short fight and the soldiers withdrew.",
     "Non-state actor overtakes territory"),
    ("On 3 March 2020, dozens of fighters from the Islamic State joined JNIM in the Gourma.",
     "Change to group/activity"),
    ("On 3 March 2020, a column of about 50 JNIM motorbikes was reported heading north of Douentza.",
     "Change to group/activity"),
    ("On 3 March 2020, unknown people poisoned the food served at a wedding in Koro, killing three guests.",
     "Chemical weapon"),
    ("On 3 March 2020, militants contaminated a water point used by herders near Tillia with pesticide.",
     "Chemical weapon"),
    ("On 3 March 2020, fighting broke out between JNIM and ISGS near Ndaki.", "Armed clash"),
    ("On 3 March 2020, soldiers engaged a group of militants near Tenenkou.", "Armed clash"),
])
def test_transfers_changes_poison_and_fighting(text: str, sub: str) -> None:
    assert first(text).sub_event_type == sub, text


# fighting on the ground wins over its remote part and its seizures (codebook): mortars with an
# assault or a riposte, weapons seized after an exchange of fire; herders and farmers clashing are
# a battle, not a riot; youths fighting the police are a riot, not a battle
@pytest.mark.parametrize(("text", "sub"), [
    (("On 3 March 2020, militants attacked the MINUSMA camp in Aguelhok with mortars and small arms; peacekeepers "
     "returned fire."), "Armed clash"),
    (("Le 3 mars 2020, des jihadistes ont attaqué le camp de Tessit à l'arme lourde et aux tirs d'obus ; les FAMa "
     "ont riposté."), "Armed clash"),
    ("On 3 March 2020, militants fired mortar rounds at the MINUSMA camp in Aguelhok, wounding two peacekeepers.",
     "Shelling/artillery/missile attack"),
    (("Le 3 mars 2020, les FDS ont intercepté des terroristes près de Djibo ; après des échanges de tirs, elles ont "
     "saisi des armes et des motos."), "Armed clash"),
    ("Le 4 mars 2020, les démineurs ont neutralisé un engin explosif improvisé près de Douentza.",
     "Disrupted weapons use"),
    ("On 3 March 2020, clashes broke out between herders and farmers near Djenné, leaving five dead.", "Armed clash"),
    ("Le 3 mars 2020, des jeunes et des policiers se sont affrontés à Kayes après l'arrestation d'un imam.",
     "Violent demonstration"),
])
def test_ground_fighting_over_its_parts_and_who_fought(text: str, sub: str) -> None:
    assert first(text).sub_event_type == sub, text
