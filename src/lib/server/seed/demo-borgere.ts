import { randomUUID } from 'node:crypto';
import { format, parseISO, subDays } from 'date-fns';
import type { Insertable } from 'kysely';
import type { ZodType } from 'zod';
import { ITEM_SCHEMAS, type ItemKind, type NOTE_SECTIONS } from '$lib/schemas/borger';
import {
	DEFAULT_SCALING_LEVELS,
	SCALING_REASONS_DOWN,
	SCALING_REASONS_UP,
	direction,
	toIsoDate
} from '$lib/domain/scaling';
import { RISK_CATEGORIES, RISK_LEVELS, type RiskLevel } from '$lib/domain/risk';
import { initialsOf } from '$lib/domain/professions';
import type { Database, Executor } from '../db';
import { diff } from '../borger/history';

/**
 * The demo caseload of "Fællesteam Åbakke": fictitious borgere with content in every
 * section, history back-dated over three years, and a board that shows every state
 * (high risk, missing or stale crisis plan, stale or missing risk assessment, overdue,
 * recently scaled up). Every person, place and story is invented; there are no CPR numbers.
 *
 * Dates are relative to the seed day, so the demo always looks current, and the content
 * is a hand-written table, so the demo is the same every time. Compact string formats:
 *   scale  the level at start, then 'level daysAgo reason[: text]' per change
 *   risks  'category level daysAgo[ review=inDays]: rationale'
 *   use    'substance | pattern | treatmentStatus | goal[ | recent change]'
 *   legal  'kind | description[ | inDays[ | contact]]'
 *   goals  [goal, ...sub-goals]; a sub-goal or an agreement is 'text @member inDays'
 * daysAgo counts back from today, inDays forward (negative = in the past). A leading
 * '✓ ' marks a goal as reached or an agreement as done.
 */

// prettier-ignore
const MEMBERS = ['lene', 'karsten', 'birgitte', 'jonas', 'amira', 'soren', 'mette', 'thomas', 'camilla', 'rasmus', 'nadia', 'peter'] as const;
type Member = (typeof MEMBERS)[number];
type Level = 'intensiv' | 'skaerpet' | 'stabil' | 'ikke_paa_tavlen';

interface DemoBorger {
	name: string;
	born: number;
	/** Case manager (primary contact); `also` are secondary contacts. */
	cm: Member;
	also?: Member[];
	status?: 'henvist' | 'venter' | 'afsluttet';
	/** Days ago the course started. */
	start: number;
	/** Days ago last discussed on the board; null = never. */
	discussed: number | null;
	closed?: [daysAgo: number, reason: string];
	scale: [Level, ...string[]];
	risks?: string[];
	/** Crisis plan: profile, then the days ago each version was written. */
	kp?: [keyof typeof CRISIS, ...number[]];
	net: (keyof typeof PRIVATE | keyof typeof PROFESSIONAL)[];
	svc?: (keyof typeof SERVICES)[];
	safety?: (keyof typeof SAFETY)[];
	use?: string[];
	legal?: string[];
	goals: string[][];
	agree?: string[];
	notes?: Partial<Record<(typeof NOTE_SECTIONS)[number], string>>;
}

// --- Content pools --------------------------------------------------------------------

const NAMES = {
	W: ['Inge', 'Bente', 'Karina', 'Susanne', 'Jette', 'Lone', 'Marianne', 'Tove', 'Rikke'],
	M: ['Finn', 'Jørgen', 'Kurt', 'Brian', 'Jan', 'Steen', 'Carsten', 'Poul', 'Morten'],
	G: ['Freja', 'Ida', 'Clara', 'Emma', 'Sofie', 'Laura', 'Alma'],
	B: ['Oliver', 'Malthe', 'Lucas', 'William', 'Noah', 'Victor', 'Elias']
};
const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!;
type Role = 'ressource' | 'belastning' | 'begge' | 'neutral';

/**
 * Private network: [name, relation, role, closeness, may involve, note]. In names,
 * {W}/{M}/{G}/{B} pick a first name (woman, man, girl, boy) and {S} is the borger's surname.
 */
// prettier-ignore
const PRIVATE = {
	mor: ['{W} {S}', 'Mor', 'ressource', 1, true, 'Bekymret, men vil gerne inddrages.'],
	far: ['{M} {S}', 'Far', 'begge', 2, false, 'God til praktisk hjælp; drikker selv.'],
	soester: ['{W} {S}', 'Søster', 'ressource', 1, true, 'Har nøgle til lejligheden.'],
	bror: ['{M} {S}', 'Bror', 'belastning', 2, false, 'Har selv et forbrug; konflikt om penge.'],
	datter: ['{G} {S}', 'Datter', 'ressource', 1, true, 'Den vigtigste motivation for at holde fast.'],
	soen: ['{B} {S}', 'Søn', 'begge', 1, false, 'Anbragt i plejefamilie; samvær med støtte.'],
	kaereste: ['{M} Lykke', 'Kæreste', 'begge', 1, true, 'Støttende, men bruger selv hash.'],
	ex: ['{M} Skov', 'Tidligere partner', 'belastning', 3, false, 'Tilhold; må ikke kontaktes.'],
	ven: ['{B} Nørgaard', 'Ven', 'ressource', 2, false, 'Går ture sammen; kender ikke hele forløbet.'],
	ven_brug: ['{M} fra opgangen', 'Ven fra miljøet', 'belastning', 2, false, 'Skaffer stoffer; borgeren vil gerne ud af kontakten.'],
	nabo: ['{W} i stuen', 'Nabo', 'ressource', 3, false, 'Ringer, hvis gardinerne er trukket for i flere dage.']
} satisfies Record<string, [string, string, Role, number, boolean, string]>;

/** Professional network: [names, relation, organisations, role, may involve, note]. */
// prettier-ignore
const PROFESSIONAL = {
	laege: [['Ida Brask', 'Morten Hauge', 'Sanne Thule'], 'Egen læge', ['Åbakke Lægehus', 'Lægerne i Mølleparken', 'Lægehuset Kildebakken'], 'ressource', true, ''],
	jobcenter: [['Anne Kofoed', 'Jens Mosbæk', 'Tanja Rye'], 'Sagsbehandler', ['Jobcenter Åbakke'], 'neutral', true, ''],
	bostoette: [['Line Falk', 'Kim Agger'], 'Bostøttemedarbejder', ['Bostøtten Åbakke, Team Nord'], 'ressource', true, ''],
	kriminalforsorg: [['Ulla Damgaard'], 'Tilsynsførende', ['Kriminalforsorgen Højland, afd. Åbakke'], 'neutral', true, ''],
	psykiatri: [['Eva Juul'], 'Kontaktsygeplejerske', ['Psykiatrisk Center Højland, afsnit P3'], 'ressource', true, ''],
	vaerge: [['Hans Krog'], 'Værge (økonomi)', ['Værgeforeningen Højland'], 'ressource', true, 'Betaler de faste regninger.'],
	cafe: [['Ruth Bjerre'], 'Frivillig', ['Café Lyspunktet'], 'ressource', false, ''],
	udlejer: [['Bo Stampe'], 'Ejendomsfunktionær', ['Boligselskabet Åbo'], 'neutral', false, 'Har klaget over larm; kontakt går via bostøtten.']
} satisfies Record<string, [string[], string, string[], Role, boolean, string]>;

/** Other services: [provider, description, legal basis]. */
// prettier-ignore
const SERVICES = {
	bostoette: ['Bostøtten Åbakke, Team Nord', 'Socialpædagogisk støtte to gange om ugen', 'SEL § 85'],
	bostoette82b: ['Bostøtten Åbakke', 'Tidsbegrænset støtte i op til 24 uger', 'SEL § 82 b'],
	stof: ['Rusmiddelcenter Åbakke', 'Ambulant stofbehandling, samtaler hver uge', 'SEL § 101'],
	metadon: ['Rusmiddelcenter Åbakke', 'Substitutionsbehandling med metadon, daglig udlevering', 'SUL § 142'],
	alkohol: ['Alkoholbehandlingen Åbakke', 'Ambulant alkoholbehandling og Antabus', 'SUL § 141'],
	botilbud: ['Botilbuddet Engtoften', 'Midlertidigt botilbud, mens ny bolig findes', 'SEL § 107'],
	psykiatri: ['Distriktspsykiatrien Åbakke', 'Ambulant behandling og depotmedicin hver 14. dag', 'SUL'],
	ressource: ['Jobcenter Åbakke', 'Ressourceforløb med koordinerende sagsbehandler', 'LAB § 68 b'],
	kontanthjaelp: ['Jobcenter Åbakke', 'Kontanthjælp, aktivitetsparat', 'Lov om aktiv socialpolitik § 11'],
	pension: ['Åbakke Kommune, Pension', 'Førtidspension', 'Lov om social pension'],
	cafe: ['Café Lyspunktet', 'Samværstilbud; køkkenholdet tirsdag og torsdag', 'SEL § 104'],
	vaerksted: ['Værkstedet Åbakke', 'Beskyttet beskæftigelse tre dage om ugen', 'SEL § 103'],
	gadeteam: ['Gadeteamet Åbakke', 'Opsøgende kontakt på gaden og på herberget Stensgården', 'SEL § 99'],
	sygepleje: ['Hjemmesygeplejen Åbakke', 'Sårpleje og ugentlig medicindosering', 'SUL § 138']
} satisfies Record<string, [string, string, string]>;

/** Safety measures: [description, risk categories, staff safety]. */
// prettier-ignore
const SAFETY = {
	to: ['Altid to ved hjemmebesøg', ['vold_mod_andre'], true],
	neutralt: ['Møder på neutralt sted (caféen eller rusmiddelcentret), ikke i hjemmet', ['vold_mod_andre'], true],
	meld: ['Meld ankomst og afgang til en kollega ved besøg', ['vold_mod_andre', 'trusler_fra_andre'], true],
	hund: ['Hunden lukkes inde, før vi går ind', ['vold_mod_andre'], true],
	naloxon: ['Har naloxon-næsespray; de nærmeste er instrueret i brugen', ['overdosis'], false],
	dosering: ['Medicin doseres ugentligt; højst 7 dages forbrug i hjemmet', ['selvmord', 'overdosis'], false],
	daglig: ['Daglig kontakt på hverdage kl. 9–10 i den ustabile periode', ['selvmord', 'selvskade'], false],
	linjer: ['Kender aftentelefonen 16.30–22.00 og Livslinien', ['selvmord', 'social_isolation'], false],
	psp: ['PSP: politiet orienteres ved bekymring om trusler', ['trusler_fra_andre', 'kriminalitet'], false],
	knive: ['Barberblade opbevares hos søsteren efter eget ønske', ['selvskade'], false]
} satisfies Record<string, [string, string[], boolean]>;

/** Crisis plan profiles; `update` is added to the early signs from version 2. */
const CRISIS = {
	psykose: {
		earlySigns:
			'Sover under fire timer. Trækker gardinerne for og slukker telefonen. Taler om at blive overvåget.',
		whatHelps:
			'Korte, rolige besøg af kendte ansigter. Hjælp til aftenmedicinen. En gåtur frem for en samtale.',
		whatToAvoid:
			'Mange nye ansigter. Diskussion om, hvorvidt oplevelserne er virkelige. Besøg efter kl. 18.',
		update: 'Nyt efter seneste indlæggelse: begynder at gemme medicinen i skuffen.'
	},
	selvmord: {
		earlySigns:
			'Giver ting væk. Svarer ikke på sms. Siger "det er lige meget". Skader sig igen på armene.',
		whatHelps:
			'At blive spurgt direkte om selvmordstanker. Daglig kontakt, også bare en sms. Musik og gåture ved åen.',
		whatToAvoid:
			'At blive efterladt alene efter en konflikt. Løfter, der ikke holdes. Bebrejdelser.',
		update: 'Nyt: tankerne tager til op mod årsdagen for morens død.'
	},
	rus: {
		earlySigns:
			'Udebliver fra udlevering. Nye "venner" i lejligheden. Sælger ting. Taler hurtigt og sover ikke.',
		whatHelps: 'Hurtig kontakt til rusmiddelcentret. Ugepenge. At tale om børnene og om fremtiden.',
		whatToAvoid: 'Moraliserende samtaler. At hele ydelsen udbetales på én gang.',
		update: 'Nyt: har fået fat i piller fra en bekendt; spørg direkte til det.'
	},
	vold: {
		earlySigns:
			'Bliver kort for hovedet og går frem og tilbage. Råber ad naboerne. Drikker mere end vanligt.',
		whatHelps:
			'Altid to medarbejdere. Møde udendørs eller i caféen. Tale lavt og konkret. Give plads og tid.',
		whatToAvoid:
			'Krav og tidspres. At stille sig mellem borgeren og døren. Svære emner, når borgeren er påvirket.',
		update: 'Nyt: reagerer voldsomt på breve fra kommunen; gennemgå posten sammen.'
	},
	somatik: {
		earlySigns: 'Spiser ikke og drikker mere. Åbner ikke for hjemmesygeplejen. Sårene lugter.',
		whatHelps: 'Faste besøgstider. Mad med, når vi kommer. Følge til egen læge.',
		whatToAvoid: 'Lange ventetider på sygehuset uden følge. Mange papirer på én gang.',
		update: 'Nyt: blodsukkeret svinger; hjemmesygeplejen måler to gange om ugen.'
	}
};

/** Default reason text per scaling reason, when the table gives none. */
const REASON_TEXT: Record<string, string> = {
	psykiatrisk_forvaerring: 'Tiltagende psykotiske symptomer; sover dårligt og aflyser besøg.',
	rusmiddelbrug: 'Øget forbrug og nye rusmidler ifølge borgeren selv og netværket.',
	selvmord_selvskade:
		'Udtalte selvmordstanker og ny selvskade; svært at tage afstand til tankerne.',
	vold_trusler: 'Truende adfærd over for naboer og personale.',
	indlaeggelse_udskrivning: 'Udskrevet fra psykiatrisk afsnit; tæt opfølgning de første uger.',
	tab_af_bolig: 'Sat ud efter huslejerestance; bor midlertidigt på herberget Stensgården.',
	retssag: 'Verserende straffesag; uro og øget forbrug op til retsmødet.',
	doedsfald: 'Har mistet en nær pårørende; sorg og isolation.',
	stabilisering: 'Stabil i flere uger; passer aftaler og medicin.',
	maal_naaet: 'Har nået sine delmål; fortsætter med individuel opfølgning.',
	stabil_kontakt: 'Stabil kontakt til kontaktpersonen; behovet for tavlen er faldet.'
};

/** Plan references (not for henvist/venter): [kind, title, reference, days after start]. */
// prettier-ignore
const PLANS = [
	['faelles_plan', 'Fælles plan', 'Udarbejdet på opstartsmødet med borgeren; revideres halvårligt.', 21],
	['handleplan', 'Handleplan efter SEL § 141', 'Åbakke Kommune, Socialafdelingen', 45],
	['behandlingsplan', 'Behandlingsplan, Distriktspsykiatrien Åbakke', '', 60]
] as const;

// --- The caseload ---------------------------------------------------------------------

// prettier-ignore
const BORGERE: DemoBorger[] = [
	// Intensiv
	{ name: 'Jannik Holst', born: 1988, cm: 'birgitte', also: ['rasmus'], start: 820, discussed: 4,
		scale: ['stabil', 'skaerpet 400 rusmiddelbrug', 'stabil 250 stabilisering', 'intensiv 4 psykiatrisk_forvaerring: Hører stemmer igen, er stoppet med depotmedicinen og har truet en nabo.'],
		risks: ['psykose lav 260: Stabil på depotmedicin.', 'psykose hoej 4: Ophørt med depotmedicin; stemmehøring og forfølgelsesforestillinger.', 'vold_mod_andre moderat 4: Truede naboen verbalt; ingen kendt vold i to år.', 'rusmiddelbrug hoej 4: Dagligt hash og amfetamin i weekenderne.'],
		kp: ['psykose', 300], net: ['mor', 'ven_brug', 'laege', 'jobcenter', 'udlejer'], svc: ['psykiatri', 'stof', 'kontanthjaelp', 'bostoette'], safety: ['to', 'meld'],
		use: ['Hash | Dagligt, 3–5 joints over dagen | i_behandling | reducer | Fra kun aften til hele dagen den seneste måned', 'Amfetamin | Weekender, sniffer | ingen | stop | Nyt siden sommer'],
		legal: ['sigtelse | Sigtet for trusler mod nabo (straffelovens § 266) | | Politikreds Højland', 'retsmoede | Retsmøde i Retten i Højland om sigtelsen | 23 | Forsvarer Jens Ulvskov'],
		goals: [['Jeg vil gerne have ro i hovedet og blive boende i min lejlighed', 'Tage depotmedicin hver 14. dag @birgitte 7', 'Ingen klager fra naboerne i tre måneder @thomas 60', '✓ Betale huslejerestancen af @mette -120']],
		agree: ['Ringe til udlejer om klagen fra naboen @mette 3', 'Ny tid til depotinjektion @birgitte -2', 'Netværksmøde med mor @rasmus 10'],
		notes: { netvaerk: 'Mor er den vigtigste ressource og må kontaktes. Kammeraten fra opgangen skaffer amfetamin.' } },
	{ name: 'Tina Mørch Andersen', born: 1979, cm: 'jonas', start: 560, discussed: 9,
		scale: ['skaerpet', 'stabil 300 stabilisering', 'skaerpet 60 selvmord_selvskade', 'intensiv 9 selvmord_selvskade: Fortæller om en konkret plan og har samlet piller sammen.'],
		risks: ['social_isolation moderat 120: Ser kun datteren; har meldt sig ud af caféen.', 'selvmord hoej 9 review=5: Konkret plan; kan ikke tage afstand til den.', 'selvskade moderat 9: Skærer sig på armene, når hun er alene om aftenen.'],
		kp: ['selvmord', 540, 9], net: ['datter', 'soester', 'ex', 'laege', 'psykiatri'], svc: ['psykiatri', 'alkohol', 'pension'], safety: ['daglig', 'dosering', 'knive', 'linjer'],
		use: ['Alkohol | 4–6 genstande de fleste aftener | venter | reducer | Drikker nu også om formiddagen', 'Benzodiazepiner | Ordineret, tager flere end aftalt | ingen | stabiliser'],
		legal: ['andet | Tilhold over for tidligere partner, gyldigt et år mere | -200 | Politikreds Højland'],
		goals: [['Jeg vil gerne være en mor, min datter kan regne med', 'Samvær med datteren hver anden weekend @jonas 14', 'Starte i alkoholbehandling @nadia 21']],
		agree: ['Aflevere pillerne til hjemmesygeplejen @jonas -1', 'Samtale om indlæggelse med psykiater Amira Haddad @amira 2'],
		notes: { maal: 'Målet er Tinas egne ord fra opstartsmødet. Datteren deltager i næste netværksmøde, hvis hun selv vil.' } },
	{ name: 'Kenneth Brix', born: 1991, cm: 'rasmus', also: ['birgitte'], start: 300, discussed: 6,
		scale: ['skaerpet', 'intensiv 6 rusmiddelbrug: Overdosis i weekenden; genoplivet af ambulancen.'],
		risks: ['bolig moderat 40: Huslejerestance på tre måneder.', 'overdosis hoej 6: Blandingsmisbrug med opioider og benzodiazepiner; overdosis i weekenden.', 'rusmiddelbrug hoej 6: Køber piller på gaden ud over metadonen.'],
		net: ['kaereste', 'bror', 'laege', 'jobcenter'], svc: ['metadon', 'kontanthjaelp', 'gadeteam'], safety: ['naloxon', 'dosering'],
		use: ['Blandingsmisbrug | Metadon, piller fra gaden og alkohol | i_behandling | stabiliser | Køber tramadol og benzodiazepiner på gaden', 'Kokain | Når der er penge, ca. hver anden uge | ingen | stop'],
		legal: ['dom | 20 dages betinget fængsel for butikstyveri | -250'],
		goals: [['Jeg vil gerne stoppe med pillerne og få styr på pengene', 'Fast udleveringstid på rusmiddelcentret @rasmus 5', 'Afdragsordning på huslejen @mette 14']],
		agree: ['Udlevere ny naloxon-spray @rasmus 1', 'Lægesamtale om pillerne @birgitte 4'],
		notes: { misbrug: 'Kæresten har naloxon og ved, hvordan den bruges. Udleveringen er flyttet til kl. 8, før han møder vennerne.' } },
	{ name: 'Dorthe Aagaard', born: 1966, cm: 'thomas', start: 1000, discussed: 16,
		scale: ['stabil', 'intensiv 700 tab_af_bolig', 'skaerpet 500 stabilisering', 'intensiv 45 indlaeggelse_udskrivning: Udskrevet efter tre uger med inficerede sår og lungebetændelse.'],
		risks: ['somatisk_helbred hoej 45 review=-2: KOL og inficerede bensår; passer ikke sårskift.', 'egenomsorg hoej 45: Spiser lidt, og lejligheden er svær at holde.', 'selvmord lav 45: Ingen tanker om selvmord.'],
		kp: ['somatik', 690, 44], net: ['soen', 'nabo', 'laege', 'vaerge', 'bostoette'], svc: ['sygepleje', 'bostoette', 'pension'], safety: ['dosering'],
		use: ['Alkohol | Dagligt, 1 flaske vin og øl | afsluttet | reducer'],
		goals: [['Jeg vil gerne kunne gå ned til Netto selv igen', 'Sårpleje to gange om ugen @thomas 3', 'Hjælpemidler fra kommunen (rollator) @camilla 10', '✓ Flytte til stuelejlighed @mette -300']],
		agree: ['Følge til kontrol på lungeambulatoriet @thomas -6', 'Søge om madordning @mette 7'],
		notes: { indsatser: 'Hjemmesygeplejen kommer mandag og torsdag. Værgen betaler regningerne.' } },
	{ name: 'Bo Vestergård Nissen', born: 1975, cm: 'soren', also: ['mette'], start: 1050, discussed: 3,
		scale: ['skaerpet', 'intensiv 900 vold_trusler', 'skaerpet 600 stabilisering', 'stabil 350 stabil_kontakt', 'intensiv 25 retssag: Ny sag om vold; anholdt efter slagsmål på Torvet.'],
		risks: ['vold_mod_andre hoej 25 review=-3: Slog en mand på Torvet; tidligere dømt for vold.', 'kriminalitet moderat 25: Ny straffesag.', 'trusler_fra_andre moderat 25: Skylder penge i miljøet.'],
		kp: ['vold', 880, 24], net: ['far', 'kaereste', 'laege', 'kriminalforsorg'], svc: ['alkohol', 'kontanthjaelp', 'gadeteam'], safety: ['neutralt', 'meld', 'psp'],
		use: ['Alkohol | Perioder med druk i flere døgn | i_behandling | stop', 'Kokain | Sammen med alkohol i weekender | ingen | stop | Oftere siden foråret'],
		legal: ['vilkaar | Betinget dom med vilkår om alkoholbehandling | -500 | Kriminalforsorgen Højland', 'retsmoede | Grundlovsforhør afholdt; retsmøde om vold | 12 | Forsvarer Lise Tang'],
		goals: [['Jeg vil gerne holde mig fri af fængslet og se min far igen', 'Møde op til alle samtaler i Kriminalforsorgen @soren 7', 'Antabus to gange om ugen @nadia 14']],
		agree: ['Forberede retsmødet med forsvareren @mette 8', 'Samtale med psykolog om vrede @soren -4'],
		notes: { skalering: 'Nedskaleres tidligst efter retsmødet og efter fire uger uden episoder.' } },
	// Skærpet
	{ name: 'Mikkel Skovbo Larsen', born: 1996, cm: 'nadia', start: 400, discussed: 10,
		scale: ['stabil', 'skaerpet 10 rusmiddelbrug: Kokain flere gange om ugen; har mistet jobbet i lageret.'],
		risks: ['rusmiddelbrug moderat 10: Kokain flere gange om ugen.', 'oekonomi moderat 10: Gæld til bekendte og kviklån.', 'overdosis lav 10: Ingen opioider.'],
		net: ['mor', 'ven', 'ven_brug', 'jobcenter'], svc: ['stof', 'kontanthjaelp'],
		use: ['Kokain | 2–3 gange om ugen | venter | stop | Fra weekend til hverdage', 'Alkohol | Weekender | ingen | reducer'],
		goals: [['Jeg vil gerne tilbage på arbejde og betale min gæld', 'Gældsrådgivning i Café Lyspunktet @nadia 9', 'Samtale med jobcentret om nyt job @mette 20']],
		agree: ['Lave budget med Mikkel @mette -3', 'Visitation til stofbehandling @nadia 5'] },
	{ name: 'Sabrina Juhl', born: 2001, cm: 'camilla', also: ['birgitte'], start: 240, discussed: 30,
		scale: ['intensiv', 'skaerpet 90 stabilisering'],
		risks: ['selvskade moderat 90: Skærer sig sjældnere; sidst for fem uger siden.', 'selvmord moderat 90: Tanker, men kan lave aftaler.', 'rusmiddelbrug lav 90: Hash ved fester.'],
		kp: ['selvmord', 230, 88], net: ['mor', 'far', 'ven', 'psykiatri'], svc: ['psykiatri', 'bostoette', 'ressource'], safety: ['linjer', 'knive'],
		use: ['Hash | Ved fester, et par gange om måneden | ingen | ikke_afklaret'],
		goals: [['Jeg vil gerne færdiggøre HF og flytte hjemmefra', 'Gå i skole tre dage om ugen @camilla 14', '✓ Søge ungdomsbolig @camilla -30']],
		agree: ['Aftale med studievejlederen på HF Åbakke @camilla -10'] },
	{ name: 'Ole Brandstrup', born: 1962, cm: 'thomas', start: 1080, discussed: 7,
		scale: ['stabil', 'skaerpet 420 doedsfald: Hustruen døde i marts.', 'stabil 250 stabilisering', 'skaerpet 150 rusmiddelbrug'],
		risks: ['somatisk_helbred moderat 150: Diabetes, dårligt reguleret.', 'rusmiddelbrug moderat 150: Drikker dagligt igen.', 'social_isolation hoej 150: Har ikke forladt lejligheden i uger.'],
		kp: ['somatik', 410], net: ['datter', 'nabo', 'laege', 'cafe'], svc: ['pension', 'cafe', 'sygepleje'],
		use: ['Alkohol | Dagligt, 10–12 øl | venter | reducer | Øget efter hustruens død'],
		goals: [['Jeg vil gerne kunne komme ud af døren og med i caféen igen', 'Følges til caféen om torsdagen @peter 9', 'Kontrol af blodsukker hos egen læge @thomas -5']],
		agree: ['Ringe til datteren om julen @thomas 12', 'Henvisning til sorggruppe @peter -20'] },
	{ name: 'Yasmin El-Sayed', born: 1998, cm: 'soren', start: 180, discussed: 12,
		scale: ['skaerpet'],
		risks: ['selvmord moderat 20: Passive dødsønsker; kan tage afstand og lave aftaler.', 'psykose lav 20: Ingen psykotiske symptomer siden udskrivelsen.'],
		kp: ['selvmord', 170], net: ['mor', 'soester', 'laege', 'jobcenter'], svc: ['psykiatri', 'ressource'], safety: ['linjer'],
		use: ['Hash | Nogle gange om ugen for at sove | ingen | stop'],
		goals: [['Jeg vil gerne kunne sove om natten og begynde på et job', 'Søvnskema i fire uger @soren 10', 'Praktik i Café Lyspunktets køkken @peter 30']],
		agree: ['Samtale med mor og søster om kriseplanen @soren 6'] },
	{ name: 'Louise Kragh', born: 1984, cm: 'mette', also: ['nadia'], start: 700, discussed: 45,
		scale: ['stabil', 'intensiv 200 psykiatrisk_forvaerring', 'skaerpet 120 stabilisering'],
		risks: ['psykose moderat 120: Stabil, men tager medicinen uregelmæssigt.', 'oekonomi moderat 120: Inkasso fra teleselskab.', 'trusler_fra_andre hoej 30: Tidligere partner truer hende på sms.'],
		kp: ['psykose', 195], net: ['soester', 'ex', 'laege', 'bostoette'], svc: ['psykiatri', 'bostoette', 'pension'], safety: ['psp', 'meld'],
		use: ['Amfetamin | Sjældent, ved fester | ingen | stop', 'Alkohol | Weekender | ingen | stabiliser'],
		legal: ['andet | Anmeldt tidligere partner for trusler | -28 | Politikreds Højland'],
		goals: [['Jeg vil gerne føle mig tryg i mit eget hjem', 'Ny lås og dørspion @thomas -14', 'Tale med Offerrådgivningen @mette 5']],
		agree: ['Følge op på politianmeldelsen @mette -7', 'Opdatere kriseplanen med søsteren @nadia -15'],
		notes: { risiko: 'Ekspartneren må ikke få oplyst adresse eller mødetider.' } },
	{ name: 'Henrik Smedegaard', born: 1970, cm: 'rasmus', start: 950, discussed: 5,
		scale: ['intensiv', 'skaerpet 600 stabilisering', 'stabil 300 maal_naaet', 'skaerpet 80 rusmiddelbrug'],
		risks: ['rusmiddelbrug moderat 80: Sidemisbrug af heroin.', 'kriminalitet lav 80: Ingen nye sager.', 'somatisk_helbred moderat 80: Hepatitis C, ikke behandlet.'],
		kp: ['rus', 590, 78], net: ['bror', 'cafe', 'laege', 'kriminalforsorg'], svc: ['metadon', 'pension', 'cafe'], safety: ['naloxon'],
		use: ['Heroin | Ryger 1–2 gange om ugen ved siden af metadon | i_behandling | stop | Genoptaget efter to års pause', 'Metadon | 90 mg dagligt | i_behandling | stabiliser'],
		legal: ['tilsyn | Prøveløsladt; tilsyn til næste år | -400 | Kriminalforsorgen Højland'],
		goals: [['Jeg vil gerne blive behandlet for leveren og holde mig fra heroin', 'Henvisning til hepatitisbehandling @birgitte 15', 'Urinprøver hver uge @rasmus 7']],
		agree: ['Tale med Kriminalforsorgen om sidemisbruget @rasmus 2'] },
	{ name: 'Anja Bøgh', born: 1987, cm: 'birgitte', start: 130, discussed: 14,
		scale: ['skaerpet'],
		risks: ['psykose moderat 100: Skizofreni; tilbagefald for et år siden.', 'frafald moderat 100: Har droppet tre tidligere forløb.'],
		kp: ['psykose', 125], net: ['mor', 'kaereste', 'laege'], svc: ['psykiatri', 'vaerksted'],
		use: ['Hash | Dagligt om aftenen | ingen | ikke_afklaret'],
		goals: [['Jeg vil gerne have en hverdag med noget at stå op til', 'Prøve Værkstedet Åbakke en dag om ugen @birgitte 18']],
		agree: ['Besøg sammen med kæresten @birgitte 4'] },
	// Stabil
	{ name: 'Patrick Lindholm', born: 2003, cm: 'peter', start: 330, discussed: 20,
		scale: ['intensiv', 'skaerpet 200 stabilisering', 'stabil 60 stabilisering'],
		risks: ['psykose lav 60: Ingen symptomer siden medicinskift.', 'rusmiddelbrug moderat 60: Hash dagligt, men mindre end før.'],
		kp: ['psykose', 320, 60], net: ['mor', 'ven', 'jobcenter'], svc: ['stof', 'ressource'],
		use: ['Hash | 1–2 joints om aftenen | i_behandling | reducer | Halveret siden sommer'],
		goals: [['Jeg vil gerne tage kørekort', 'Spare op til køreskole @peter 45', '✓ Bestå teoriprøven @peter -20']],
		agree: ['Møde med jobcentret om uddannelsespålæg @mette 16'] },
	{ name: 'Gitte Rosendahl', born: 1968, cm: 'camilla', start: 1090, discussed: 70,
		scale: ['skaerpet', 'stabil 800 stabil_kontakt'],
		risks: ['somatisk_helbred lav 200: Kontrol hos egen læge hver tredje måned.', 'social_isolation lav 200: Kommer i caféen hver uge.'],
		kp: ['somatik', 1000], net: ['datter', 'cafe', 'laege'], svc: ['pension', 'cafe'],
		use: ['Benzodiazepiner | Nedtrapning efter plan hos egen læge | i_behandling | stop'],
		goals: [['Jeg vil gerne være mormor på fuld tid', '✓ Nedtrappe sovepiller til halv dosis @camilla -90', 'Passe barnebarnet en dag om ugen @camilla 30']],
		agree: ['Opfølgning på nedtrapningen @camilla -25'] },
	{ name: 'Jesper Thygesen', born: 1981, cm: 'nadia', start: 620, discussed: 25,
		scale: ['stabil', 'skaerpet 380 retssag', 'stabil 200 stabilisering'],
		risks: ['kriminalitet moderat 50: Behandlingsdom; overholder vilkårene.', 'rusmiddelbrug lav 50: Ædru i et halvt år.'],
		kp: ['rus', 370, 50], net: ['kaereste', 'soen', 'ven_brug', 'kriminalforsorg', 'laege'], svc: ['psykiatri', 'stof', 'vaerksted'],
		use: ['Amfetamin | Ingen brug i seks måneder | afsluttet | stop', 'Hash | Sjældent | ingen | stop'],
		legal: ['behandlingsdom | Dom til ambulant psykiatrisk behandling | -370 | Kriminalforsorgen Højland', 'vilkaar | Vilkår om stoffrihed og urinprøver | -370', 'tilsyn | Tilsyn hver anden uge | | Ulla Damgaard'],
		goals: [['Jeg vil gerne være en far, min søn kan være stolt af', 'Samvær med sønnen hver anden weekend @nadia 25']],
		agree: ['Urinprøve-skema til Kriminalforsorgen @nadia 9'],
		notes: { retslige: 'Behandlingsdommen udløber om et år. Afklar, hvem der tager over.' } },
	{ name: 'Maria Kaas Ebbesen', born: 1993, cm: 'jonas', start: 450, discussed: 15,
		scale: ['stabil'],
		risks: ['selvmord lav 30: Ingen tanker i over et halvt år.', 'selvskade lav 30: Ingen selvskade siden maj.'],
		kp: ['selvmord', 440, 30], net: ['mor', 'ven', 'laege', 'bostoette'], svc: ['bostoette', 'ressource'],
		use: ['Alkohol | 2–3 glas vin i weekenden | ingen | stabiliser'],
		goals: [['Jeg vil gerne have en uddannelse som pædagogmedhjælper', 'Søge PGU-forløbet @jonas 40']],
		agree: ['Afslutte § 85 og overgå til netværksgruppe @camilla 60'] },
	{ name: 'Dennis Rohde', born: 1985, cm: 'rasmus', start: 210, discussed: 55,
		scale: ['stabil'],
		risks: ['overdosis moderat 55 review=30: Injicerer; brugte alene sidste gang.', 'rusmiddelbrug moderat 55: Stabilt forbrug.'],
		net: ['soester', 'ven_brug', 'laege'], svc: ['gadeteam', 'kontanthjaelp'], safety: ['naloxon'],
		use: ['Heroin | Injicerer dagligt | venter | stabiliser | Venter på plads i substitutionsbehandling'],
		goals: [['Jeg vil gerne have metadon, så jeg ikke skal jagte penge hver dag', 'Opstart i substitutionsbehandling @rasmus 6']],
		agree: ['Udlevere rene kanyler og naloxon @rasmus -12'] },
	{ name: 'Stine Krogsgaard', born: 1990, cm: 'soren', start: 760, discussed: 30,
		scale: ['intensiv', 'skaerpet 500 stabilisering', 'stabil 300 stabilisering'],
		risks: ['selvskade lav 60: Ingen selvskade i et år.', 'psykose ingen 60: Ingen symptomer.'],
		kp: ['selvmord', 290], net: ['mor', 'kaereste', 'laege'], svc: ['psykiatri', 'ressource'],
		use: ['Alkohol | Sjældent | ingen | stabiliser'],
		goals: [['Jeg vil gerne klare mig uden teamet om et år', '✓ Egen lejlighed @thomas -150', 'Arbejde 15 timer om ugen @mette 60']],
		agree: ['Planlægge overgang til distriktspsykiatrien @soren 45'] },
	{ name: 'Allan Bech Mortensen', born: 1972, cm: 'thomas', start: 980, discussed: 40,
		scale: ['stabil', 'intensiv 520 vold_trusler', 'skaerpet 400 stabilisering', 'stabil 180 stabilisering'],
		risks: ['vold_mod_andre moderat 100: Ingen episoder i et halvt år.', 'kriminalitet lav 100: Ingen nye sager.'],
		kp: ['vold', 510, 170], net: ['bror', 'nabo', 'laege', 'udlejer'], svc: ['bostoette', 'pension'], safety: ['to', 'hund'],
		use: ['Alkohol | Dagligt, 4–5 øl | afsluttet | reducer'],
		goals: [['Jeg vil gerne have en hund og gå lange ture', 'Tjekke husordenen for hunde @thomas 20']],
		agree: ['Tale med udlejer om larm @thomas -30'] },
	{ name: 'Emil Hvidberg', born: 2000, cm: 'peter', also: ['mette'], start: 150, discussed: 21,
		scale: ['skaerpet', 'stabil 50 stabil_kontakt'],
		risks: ['rusmiddelbrug lav 50: Hash i weekenden.', 'frafald moderat 50: Udebliver fra hver tredje aftale.'],
		kp: ['rus', 140], net: ['mor', 'far', 'ven'], svc: ['ressource', 'bostoette82b'],
		use: ['Hash | Weekender | ingen | reducer'],
		goals: [['Jeg vil gerne have mit eget værelse og et job', 'Skrive op til ungdomsbolig @peter 14']],
		agree: ['Sms-påmindelse dagen før aftaler @peter 1'] },
	{ name: 'Ahmad Karimi', born: 1983, cm: 'mette', start: 500, discussed: 8,
		scale: ['stabil'],
		risks: ['psykose moderat 20: PTSD og perioder med paranoia.', 'trusler_fra_andre lav 20: Ingen aktuelle trusler.'],
		kp: ['psykose', 480, 20], net: ['bror', 'laege', 'jobcenter', 'psykiatri'], svc: ['psykiatri', 'ressource'],
		use: ['Hash | Dagligt om aftenen for at sove | ingen | ikke_afklaret'],
		goals: [['Jeg vil gerne lære dansk godt nok til at tage en uddannelse', 'Danskundervisning to dage om ugen @mette 21']],
		agree: ['Tolk til næste lægesamtale @mette 10'] },
	{ name: 'Connie Lauritsen', born: 1964, cm: 'camilla', start: 60, discussed: null,
		scale: ['stabil'],
		net: ['soester', 'laege'], svc: ['bostoette82b'],
		use: ['Alkohol | Dagligt, vin | ingen | ikke_afklaret'],
		goals: [['Jeg vil gerne have hjælp til posten og regningerne']],
		agree: ['Risikovurdering og kriseplan på næste besøg @camilla -4'],
		notes: { identitet: 'Henvist af egen læge efter et fald i hjemmet. Vil helst ringes op om formiddagen.' } },
	// Ikke på tavlen
	{ name: 'Frederik Bang Sloth', born: 1997, cm: 'nadia', start: 900, discussed: 190,
		scale: ['skaerpet', 'stabil 600 stabilisering', 'ikke_paa_tavlen 200 maal_naaet'],
		risks: ['rusmiddelbrug lav 200: Ingen brug i et år.'],
		kp: ['rus', 590], net: ['mor', 'ven', 'jobcenter'], svc: ['vaerksted'],
		use: ['Kokain | Ingen brug i et år | afsluttet | stop'],
		goals: [['✓ Jeg vil gerne have et fast job', '✓ Ansættelse i flexjob @mette -220']],
		agree: ['✓ Afslutningssamtale planlagt @nadia -30'] },
	{ name: 'Pernille Østergaard', born: 1976, cm: 'jonas', start: 1040, discussed: 100,
		scale: ['intensiv', 'skaerpet 800 stabilisering', 'stabil 500 stabilisering', 'ikke_paa_tavlen 100 maal_naaet'],
		risks: ['selvmord lav 100: Ingen tanker det seneste år.'],
		kp: ['selvmord', 520, 110], net: ['datter', 'soester', 'laege'], svc: ['psykiatri'],
		use: ['Benzodiazepiner | Udtrappet | afsluttet | stop'],
		goals: [['Jeg vil gerne passe mig selv og mit arbejde', '✓ Arbejde 20 timer i Netto @jonas -120']],
		agree: ['Aftale om "vejen tilbage" ved afslutning @jonas 30'] },
	{ name: 'Kasper Thorup', born: 1994, cm: 'birgitte', start: 35, discussed: null,
		scale: ['ikke_paa_tavlen'],
		net: ['mor', 'laege'], svc: ['gadeteam'],
		use: ['Blandingsmisbrug | Alkohol, hash og piller efter behov | ingen | ikke_afklaret'],
		goals: [['Jeg ved ikke helt endnu – måske et sted at bo']],
		agree: ['Opstartsmøde med rusmiddelcentret og bostøtten @birgitte 7'] },
	// Henvist og venter
	{ name: 'Lise-Lotte Brøndum', born: 1961, cm: 'mette', status: 'henvist', start: 12, discussed: null,
		scale: ['ikke_paa_tavlen'],
		net: ['datter', 'laege'],
		use: ['Alkohol | Dagligt | ingen | ikke_afklaret'],
		goals: [['Jeg vil gerne have hjælp til at holde op med at drikke']] },
	{ name: 'Nicolai Hjort', born: 2004, cm: 'birgitte', status: 'henvist', start: 5, discussed: null,
		scale: ['ikke_paa_tavlen'],
		net: ['mor', 'psykiatri'],
		use: ['Hash | Dagligt | ingen | ikke_afklaret'],
		goals: [['Jeg vil gerne tilbage til skolen']] },
	{ name: 'Malene Skytte', born: 1989, cm: 'soren', status: 'venter', start: 20, discussed: null,
		scale: ['ikke_paa_tavlen'],
		risks: ['selvmord lav 18: Screening ved visitation; ingen aktuelle tanker.'],
		net: ['kaereste', 'laege'], svc: ['psykiatri'],
		use: ['Alkohol | Weekender | ingen | reducer'],
		goals: [['Jeg vil gerne have styr på angsten']] },
	{ name: 'René Kjeldsen', born: 1978, cm: 'rasmus', status: 'venter', start: 25, discussed: null,
		scale: ['ikke_paa_tavlen'],
		net: ['bror', 'laege'], svc: ['botilbud'],
		use: ['Amfetamin | Flere gange om ugen | venter | stop'],
		goals: [['Jeg vil gerne have min egen lejlighed igen']] },
	// Afsluttet
	{ name: 'Signe Vad', born: 1999, cm: 'amira', status: 'afsluttet', start: 1000, discussed: 130,
		closed: [120, 'Mål nået; overgået til individuel opfølgning i Distriktspsykiatrien Åbakke.'],
		scale: ['intensiv', 'skaerpet 700 stabilisering', 'stabil 400 maal_naaet'],
		risks: ['selvmord lav 130: Ingen tanker siden sidste år.'],
		kp: ['selvmord', 980, 300], net: ['mor', 'laege'], svc: ['psykiatri'],
		use: ['Hash | Ingen brug | afsluttet | stop'],
		goals: [['✓ Jeg vil gerne klare mig selv', '✓ Egen lejlighed @thomas -500']],
		agree: ['✓ Epikrise til egen læge @amira -125'] },
	{ name: 'Torben Ravn', born: 1969, cm: 'thomas', status: 'afsluttet', start: 900, discussed: 310,
		closed: [300, 'Flyttet til Vesterlund Kommune; overdraget til FACT Vesterlund.'],
		scale: ['skaerpet', 'intensiv 700 tab_af_bolig', 'skaerpet 500 stabilisering'],
		risks: ['bolig moderat 310: Ny bolig i Vesterlund fra næste måned.'],
		kp: ['rus', 690], net: ['bror', 'laege'], svc: ['botilbud'],
		use: ['Alkohol | Dagligt | i_behandling | reducer'],
		goals: [['✓ Jeg vil gerne have en bolig igen', '✓ Bolig via boligsocialt udvalg @mette -320']],
		agree: ['✓ Overdragelsesmøde med FACT Vesterlund @thomas -305'] },
	{ name: 'Vibeke Ladefoged', born: 1973, cm: 'jonas', status: 'afsluttet', start: 700, discussed: 60,
		closed: [45, 'Ønsker ikke længere kontakt. Afsluttet efter netværksmøde; "vejen tilbage" aftalt.'],
		scale: ['skaerpet', 'stabil 300 stabil_kontakt'],
		risks: ['frafald moderat 60: Vil ikke have kontakt.'],
		kp: ['psykose', 650], net: ['soester', 'laege'], svc: ['psykiatri'],
		use: ['Alkohol | Sjældent | ingen | stabiliser'],
		goals: [['Jeg vil gerne være fri for systemet', 'Aftale om opfølgning via egen læge @jonas -50']],
		agree: ['✓ Netværksmøde med søsteren @jonas -47'] },
];

// --- Seeding --------------------------------------------------------------------------

export interface DemoBorgerContext {
	teamId: string;
	/** By e-mail, as in DemoSeedResult. */
	userIds: Record<string, string>;
	membershipIds: Record<string, string>;
}

type Row<T extends keyof Database> = Insertable<Database[T]>;
type ItemRow = Row<'borger_item'> & { id: string; kind: string; data: string };

const REASONS = new Set([...SCALING_REASONS_UP, ...SCALING_REASONS_DOWN].map((r) => r.key));
const CATEGORIES = new Set(RISK_CATEGORIES.map((c) => c.key));
const STEP = /^(\w+) (\d+) (\w+)(?:: (.+))?$/;
const RISK = /^(\w+) (\w+) (\d+)(?: review=(-?\d+))?: (.+)$/;
const SUB = /^(✓ )?(.+) @(\w+) (-?\d+)$/;
const fields = (line: string) => line.split('|').map((f) => f.trim());

/**
 * Insert the demo caseload with its back-dated history (call inside the seed transaction).
 * Rows are inserted directly, in bulk, for speed and back-dating; item data is validated
 * with the same schemas as write.ts, and change_log gets the rows write.ts would write.
 */
export async function seedDemoBorgere(
	db: Executor,
	ctx: DemoBorgerContext,
	now = new Date()
): Promise<number> {
	const today = parseISO(toIsoDate(now));
	const day = (ago: number) => format(subDays(today, ago), 'yyyy-MM-dd');
	const at = (ago: number) => subDays(now, ago);
	const users = await db.selectFrom('app_user').select(['id', 'name']).execute();
	const staff = Object.fromEntries(
		MEMBERS.map((key) => {
			const email = `${key}@demo.tavla.test`;
			const [m, u] = [ctx.membershipIds[email], ctx.userIds[email]];
			if (!m || !u) throw new Error(`Demo: medarbejderen ${key} findes ikke`);
			return [key, { m, u, name: users.find((x) => x.id === u)?.name ?? key }];
		})
	) as Record<Member, { m: string; u: string; name: string }>;

	const rows = {
		borger: [] as Row<'borger'>[],
		borger_secondary_contact: [] as Row<'borger_secondary_contact'>[],
		borger_item: [] as ItemRow[],
		risk_assessment: [] as Row<'risk_assessment'>[],
		crisis_plan: [] as Row<'crisis_plan'>[],
		scaling_event: [] as Row<'scaling_event'>[],
		section_note: [] as Row<'section_note'>[],
		change_log: [] as Row<'change_log'>[]
	};

	BORGERE.forEach((b, i) => {
		const id = randomUUID();
		const cm = staff[b.cm];
		const fail = (what: string): never => {
			throw new Error(`Demo-borger ${b.name}: ugyldig ${what}`);
		};
		const member = (key: string) => staff[key as Member] ?? fail(`medarbejder ${key}`);
		/** A change_log row as recordChanges writes it, back-dated. */
		const log = (
			ago: number,
			actor: string,
			entity: string,
			entityId: string | null,
			version: number | null,
			field: string,
			from: unknown,
			to: unknown
		) =>
			rows.change_log.push({
				team_id: ctx.teamId,
				borger_id: id,
				entity,
				entity_id: entityId,
				entity_version: version,
				field,
				old_value: from === null ? null : JSON.stringify(from),
				new_value: to === null ? null : JSON.stringify(to),
				actor_id: actor,
				at: at(ago)
			});
		/** Clamp to the course: nothing happens before the start or in the future. */
		const during = (ago: number) => Math.max(0, Math.min(b.start, ago));
		if (b.discussed !== null && b.discussed > b.start) fail('drøftelsesdato');
		let version = 1;
		log(b.start, staff.lene.u, 'borger', id, version, '*', null, { name: b.name });

		// Scaling: the level at start, then one event per change, logged like changeScaling.
		let [level, scaledAt, scaledFrom] = [b.scale[0] as string, b.start, null as string | null];
		rows.scaling_event.push({
			borger_id: id,
			to_level: level,
			direction: 'initial',
			reason_text: 'Oprettet efter visitation',
			decided_by: (i % 2 ? staff.karsten : staff.lene).u,
			decided_at: at(b.start)
		});
		for (const step of b.scale.slice(1)) {
			const [, to, agoText, reason, text] = STEP.exec(step) ?? fail(`skalering "${step}"`);
			const ago = Number(agoText);
			if (!REASONS.has(reason!) || ago >= scaledAt) fail(`skalering "${step}"`);
			rows.scaling_event.push({
				borger_id: id,
				from_level: level,
				to_level: to!,
				direction: direction(level, to!, DEFAULT_SCALING_LEVELS),
				reason_category: reason!,
				reason_text: text ?? REASON_TEXT[reason!] ?? fail(`begrundelse "${step}"`),
				decided_by: staff.birgitte.u,
				decided_at: at(ago)
			});
			log(ago, staff.birgitte.u, 'borger', id, ++version, 'scalingLevel', level, to);
			[scaledFrom, level, scaledAt] = [level, to!, ago];
		}

		// List items, validated like addItem, created from the startup meeting onwards.
		const own = new Map<string, { row: ItemRow; ago: number }>();
		const add = (kind: ItemKind, raw: Record<string, unknown>, parentId: string | null = null) => {
			const data = (ITEM_SCHEMAS[kind] as ZodType<Record<string, unknown>>).parse(raw);
			const ago = during(b.start - 2 - 6 * own.size);
			const position = [...own.values()].filter((x) => x.row.kind === kind).length + 1;
			const row = { id: randomUUID(), borger_id: id, kind, parent_id: parentId, position };
			const item = { ...row, data: JSON.stringify(data), created_at: at(ago), updated_at: at(ago) };
			rows.borger_item.push(item);
			own.set(item.id, { row: item, ago });
			log(ago, cm.u, `item:${kind}`, item.id, 1, '*', null, data);
			return item.id;
		};
		/** A reached goal or a done agreement: version 2, with the change logged. */
		const complete = (itemId: string, doneAgo: number, field: string, from: string, to: string) => {
			const { row, ago: createdAgo } = own.get(itemId)!;
			const ago = Math.min(during(doneAgo), createdAgo);
			Object.assign(row, { version: 2, updated_at: at(ago) });
			row.data = JSON.stringify({ ...JSON.parse(row.data), [field]: to });
			log(ago, cm.u, `item:${row.kind}`, itemId, 2, field, from, to);
		};
		const task = (text: string) => {
			const [, done, body, who, inDays] = SUB.exec(text) ?? fail(`delmål/aftale "${text}"`);
			return { done: !!done, text: body!, ownerId: member(who!).m, inDays: Number(inDays) };
		};

		const surname = b.name.split(' ').at(-1)!;
		const contacts = b.net.map((key, j) => {
			const n = i * 7 + j;
			if (key in PRIVATE) {
				const [pattern, relation, role, closeness, mayInvolve, note] =
					PRIVATE[key as keyof typeof PRIVATE];
				const name = pattern
					.replace(/\{([WMGB])\}/, (_, k: keyof typeof NAMES) => pick(NAMES[k], n))
					.replace('{S}', surname);
				return { name, relation, kind: 'privat', role, closeness, mayInvolve, note };
			}
			const [names, relation, orgs, role, mayInvolve, note] =
				PROFESSIONAL[key as keyof typeof PROFESSIONAL];
			const [name, organisation] = [pick(names, i), pick(orgs, i)];
			const closeness = 3;
			return {
				name,
				relation,
				kind: 'professionel',
				organisation,
				role,
				closeness,
				mayInvolve,
				note
			};
		});
		for (const c of contacts) add('netvaerk', c);
		for (const line of b.use ?? []) {
			const [substance, pattern, treatmentStatus, goal, recentChange] = fields(line);
			add('misbrug', { substance, pattern, treatmentStatus, goal, recentChange });
		}
		for (const line of b.legal ?? []) {
			const [kind, description, inDays, contact] = fields(line);
			add('retslige', { kind, description, date: inDays ? day(-Number(inDays)) : '', contact });
		}
		for (const [goal, ...subs] of b.goals) {
			const reached = goal!.startsWith('✓ ');
			const tasks = subs.map(task);
			const open = tasks.filter((t) => !t.done).map((t) => t.inDays);
			const share = tasks.length ? (tasks.length - open.length) / tasks.length : 0;
			const goalId = add('maal', {
				text: goal!.replace('✓ ', ''),
				ownerId: cm.m,
				followUpOn: reached ? '' : day(-Math.min(30, ...open)),
				progress: reached ? 100 : Math.round(share * 10) * 10
			});
			if (reached) complete(goalId, b.closed?.[0] ?? 20, 'status', 'aktiv', 'naaet');
			tasks.forEach((t, j) => {
				const progress = t.done ? 100 : [50, 25, 0][j % 3];
				const data = { text: t.text, ownerId: t.ownerId, followUpOn: day(-t.inDays), progress };
				const subId = add('maal', data, goalId);
				if (t.done) complete(subId, -t.inDays, 'status', 'aktiv', 'naaet');
			});
		}
		if (b.status !== 'henvist' && b.status !== 'venter') {
			for (const [kind, title, reference, after] of PLANS) {
				if (kind === 'handleplan' && i % 3 === 2) continue;
				if (kind === 'behandlingsplan' && !b.svc?.includes('psykiatri')) continue;
				add('plan', { kind, title, reference, date: day(during(b.start - after)) });
			}
		}
		(b.svc ?? []).forEach((key, j) => {
			const [provider, description, legalBasis] = SERVICES[key];
			const startAgo = key === 'pension' ? b.start + 900 : during(b.start + 60 - 40 * j);
			// § 82 b runs for up to 24 weeks, then § 85 if the need continues.
			const endDate = key === 'bostoette82b' ? day(startAgo - 168) : '';
			add('indsatser', { provider, description, legalBasis, startDate: day(startAgo), endDate });
		});
		const staffSafety: string[] = [];
		for (const key of b.safety ?? []) {
			const [description, categories, staffOnly] = SAFETY[key];
			if (staffOnly) staffSafety.push(description);
			const validUntil = key === 'daglig' ? day(-30) : '';
			const data = { description, categories, ownerId: cm.m, validUntil, staffSafety: staffOnly };
			add('sikkerhed', data);
		}
		for (const line of b.agree ?? []) {
			const t = task(line);
			const data = { description: t.text, ownerId: t.ownerId, dueOn: day(-t.inDays) };
			const itemId = add('aftaler', data);
			if (t.done) complete(itemId, -t.inDays, 'status', 'aaben', 'udfoert');
		}

		// Risk assessments, oldest first, each logged with the level it replaced.
		const previous = new Map<string, RiskLevel>();
		const specs = (b.risks ?? []).map((r) => RISK.exec(r) ?? fail(`risiko "${r}"`));
		specs.sort((x, y) => Number(y[3]) - Number(x[3]));
		for (const [, category, lvl, agoText, review, rationale] of specs) {
			const riskLevel = lvl as RiskLevel;
			if (!CATEGORIES.has(category!) || !RISK_LEVELS.includes(riskLevel))
				fail(`risiko ${category}`);
			const [riskId, ago] = [randomUUID(), Number(agoText)];
			const assessor = i % 2 && ago < 100 ? staff.amira.u : cm.u;
			rows.risk_assessment.push({
				id: riskId,
				borger_id: id,
				category: category!,
				level: riskLevel,
				rationale: rationale!,
				assessed_by: assessor,
				assessed_on: day(ago),
				review_by: review === undefined ? null : day(-Number(review)),
				created_at: at(ago)
			});
			log(ago, assessor, 'risk', riskId, null, category!, previous.get(category!) ?? null, lvl);
			previous.set(category!, riskLevel);
		}

		// Crisis plan versions; like saveCrisisPlan, the log holds the fields that changed.
		let planUpdatedAt: Date | null = null;
		if (b.kp) {
			const [profile, ...versions] = b.kp;
			const { update, ...base } = CRISIS[profile];
			const close = contacts.filter((c) => c.kind === 'privat' && c.mayInvolve);
			const first = b.name.split(' ')[0];
			let before: Record<string, unknown> = {};
			for (const [v, ago] of versions.entries()) {
				const plan = {
					...base,
					earlySigns: v === 0 ? base.earlySigns : `${base.earlySigns}\n${update}`,
					contacts: [
						`${cm.name} (kontaktperson), hverdage 8–15.30 via teamets telefon`,
						...close.map((c) => `${c.name} (${c.relation.toLowerCase()})`),
						'Aftentelefonen, Åbakke Kommune, kl. 16.30–22.00',
						'Psykiatrisk akutmodtagelse, Psykiatrisk Center Højland (døgnåben)'
					].join('\n'),
					planB:
						`Svarer ${first} ikke i to døgn, kører ${cm.name} eller dagens tovholder ud sammen med en kollega. ` +
						`Efter tre døgn uden kontakt ringer vi til ${close[0]?.name ?? 'egen læge'} og derefter til politiet. Ved akut fare: 112.`
				};
				rows.crisis_plan.push({
					borger_id: id,
					version: v + 1,
					early_signs: plan.earlySigns,
					what_helps: plan.whatHelps,
					what_to_avoid: plan.whatToAvoid,
					contacts: plan.contacts,
					plan_b: plan.planB,
					created_by: cm.u,
					created_at: at(ago)
				});
				for (const c of diff(before, plan))
					log(ago, cm.u, 'kriseplan', null, v + 1, c.field, c.old, c.new);
				[before, planUpdatedAt] = [plan, at(ago)];
			}
		}

		for (const [section, body] of Object.entries(b.notes ?? {})) {
			const ago = during(3 + ((i * 11) % 40));
			const note = { borger_id: id, section, body, updated_by: cm.u, updated_at: at(ago) };
			rows.section_note.push(note);
			log(ago, cm.u, 'note', null, null, section, '', body);
		}
		for (const key of b.also ?? [])
			rows.borger_secondary_contact.push({ borger_id: id, membership_id: staff[key].m });
		if (b.closed) {
			const [ago, reason] = b.closed;
			log(ago, cm.u, 'borger', id, ++version, 'status', 'aktiv', 'afsluttet');
			log(ago, cm.u, 'borger', id, version, 'closedReason', null, reason);
		}
		rows.borger.push({
			id,
			team_id: ctx.teamId,
			name: b.name,
			initials: initialsOf(b.name),
			birth_year: b.born,
			case_manager_id: cm.m,
			start_date: day(b.start),
			status: b.status ?? 'aktiv',
			scaling_level: level,
			last_scaled_at: at(scaledAt),
			last_scaled_from: scaledFrom,
			last_discussed_on: b.discussed === null ? null : day(b.discussed),
			crisis_plan_updated_at: planUpdatedAt,
			staff_safety: staffSafety.length ? `${staffSafety.join('. ')}.` : null,
			closed_at: b.closed ? at(b.closed[0]) : null,
			closed_reason: b.closed?.[1] ?? null,
			version,
			created_at: at(b.start)
		});
	});

	// In foreign-key order, in chunks well under the 65,535 bind parameters per statement.
	for (const [table, list] of Object.entries(rows) as [keyof typeof rows, never[]][]) {
		for (let n = 0; n < list.length; n += 400)
			await db
				.insertInto(table)
				.values(list.slice(n, n + 400))
				.execute();
	}
	return rows.borger.length;
}
