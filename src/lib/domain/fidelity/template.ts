/**
 * The default 3CP fidelity scale that ships with Tavla. The seeds name eight FACT focus
 * areas but not their contents (DOMAIN.md §8.1), so every text here is our own wording,
 * built from what the seeds say about 3CP (shared board, scaling, shared plan, crisis
 * plans, inner/outer wheel, cross-sector equality) and public descriptions of FACT. A
 * team that holds the official score form imports it as JSON instead (see io.ts).
 */
import type { FidelityItem, FidelityScale, IndicatorKey } from '$lib/schemas/fidelity';

function item(
	key: string,
	text: string,
	anchors: [string, string, string, string, string],
	evidence: IndicatorKey[] = [],
	weight?: number
): FidelityItem {
	return {
		key,
		text,
		anchors: anchors.map((label, i) => ({ score: i + 1, label })),
		evidence,
		...(weight === undefined ? {} : { weight })
	};
}

export const DEFAULT_THRESHOLDS = [
	{ key: 'ikke_endnu', label: 'Endnu ikke', minScore: 0 },
	{ key: 'foreloebig', label: 'Foreløbig', minScore: 3 },
	{ key: 'certificeret', label: 'Certificeret', minScore: 3.5 },
	{ key: 'optimal', label: 'Optimal', minScore: 4.2 }
];

export const DEFAULT_SCALE: FidelityScale = {
	format: 'tavla.fidelity-scale/1',
	key: 'tavla-3cp',
	version: '2026.1',
	name: 'Tavlas 3CP-modeltrofasthed (standardskabelon)',
	description:
		'Otte fokusområder formuleret af Tavla ud fra beskrivelser af 3CP og FACT. Erstat den med teamets officielle skema via import, hvis I har det.',
	thresholds: DEFAULT_THRESHOLDS,
	sections: [
		{
			key: 'maalgruppe',
			title: 'Målgruppe, henvisning og caseload',
			dimension: 'organisering',
			items: [
				item(
					'maalgruppe.afgraensning',
					'Teamet har en skriftlig beskrivelse af målgruppen, og nye borgere vurderes op imod den.',
					[
						'Ingen fælles beskrivelse af målgruppen.',
						'Beskrivelse findes, men bruges sjældent ved optag.',
						'Beskrivelsen bruges ved de fleste optag.',
						'Beskrivelsen bruges ved alle optag og drøftes på tavlemødet.',
						'Beskrivelsen bruges altid og revideres årligt på baggrund af erfaringer.'
					],
					['caseload']
				),
				item(
					'maalgruppe.opstart',
					'Tiden fra henvisning til opstartsmøde er kort og følges op.',
					[
						'Tiden måles ikke.',
						'Typisk mere end 8 uger.',
						'Typisk 4–8 uger.',
						'Typisk 2–4 uger.',
						'Typisk under 2 uger, og afvigelser drøftes.'
					],
					['referral_start']
				),
				item(
					'maalgruppe.caseload',
					'Antallet af borgere pr. case manager er til at overkomme og følges løbende.',
					[
						'Caseload kendes ikke.',
						'Caseload kendes, men er ofte for høj.',
						'Caseload er for det meste rimelig.',
						'Caseload er rimelig og fordeles bevidst.',
						'Caseload er rimelig, fordeles bevidst og justeres ved skalering.'
					],
					['caseload']
				)
			]
		},
		{
			key: 'team',
			title: 'Teamets sammensætning og tværsektorielle samarbejde',
			dimension: 'organisering',
			items: [
				item(
					'team.tvaersektoriel',
					'Både kommunale og regionale fagpersoner deltager fast i teamet (inderhjulet).',
					[
						'Kun én sektor deltager fast.',
						'Begge sektorer er med, men den ene sjældent.',
						'Begge sektorer er med på de fleste møder.',
						'Begge sektorer er med på næsten alle møder.',
						'Begge sektorer er altid med, og fagligheder supplerer hinanden.'
					],
					['attendance'],
					2
				),
				item(
					'team.fagligheder',
					'Teamet dækker de fagligheder målgruppen har brug for (fx sygepleje, psykiatri, bostøtte, rusmiddel).',
					[
						'Væsentlige fagligheder mangler.',
						'Flere fagligheder mangler eller er sjældent med.',
						'De fleste fagligheder er til stede.',
						'Alle centrale fagligheder er til stede.',
						'Alle centrale fagligheder er til stede, og specialister kan hentes ind efter behov.'
					],
					['attendance']
				)
			]
		},
		{
			key: 'tavlemoede',
			title: 'Tavlemødet',
			dimension: 'organisering',
			items: [
				item(
					'tavlemoede.afholdt',
					'Tavlemødet holdes hver uge som planlagt.',
					[
						'Under halvdelen af de planlagte møder holdes.',
						'Omkring halvdelen holdes.',
						'De fleste holdes.',
						'Næsten alle holdes.',
						'Alle planlagte møder holdes.'
					],
					['meetings']
				),
				item(
					'tavlemoede.struktur',
					'Mødet har mødeleder, dagsorden og fast tid pr. sag, og dagsordenen nås.',
					[
						'Ingen fast struktur.',
						'Dagsorden findes, men tiden styres ikke.',
						'Struktur følges ofte; mange sager når ikke frem.',
						'Struktur følges; de fleste sager nås.',
						'Struktur følges; næsten alle sager nås inden for tiden.'
					],
					['meetings']
				)
			]
		},
		{
			key: 'skalering',
			title: 'Fælles caseload og skalering',
			dimension: 'kvalitet',
			items: [
				item(
					'skalering.kadence',
					'Borgere drøftes så ofte, som deres skaleringsniveau kræver.',
					[
						'Kadencen følges ikke.',
						'Under halvdelen drøftes til tiden.',
						'Omkring to tredjedele drøftes til tiden.',
						'De fleste drøftes til tiden.',
						'Næsten alle drøftes til tiden.'
					],
					['cadence'],
					2
				),
				item(
					'skalering.begrundelse',
					'Op- og nedskalering besluttes i teamet med en skrevet begrundelse.',
					[
						'Skalering besluttes ikke i fællesskab.',
						'Skalering sker, men sjældent med begrundelse.',
						'Begrundelse skrives ofte.',
						'Begrundelse skrives næsten altid.',
						'Begrundelse skrives altid og følges op ved næste drøftelse.'
					],
					['scaling_reasons']
				)
			]
		},
		{
			key: 'plan',
			title: 'Fælles plan og opfølgning',
			dimension: 'kvalitet',
			items: [
				item(
					'plan.faelles',
					'Hver borger har én fælles plan med konkrete delmål, ansvarlige og opfølgningsdatoer.',
					[
						'Fælles plan findes sjældent.',
						'Plan findes for nogle, uden konkrete delmål.',
						'Plan findes for de fleste, delmål er delvis konkrete.',
						'Plan med konkrete delmål og datoer for de fleste.',
						'Plan med konkrete delmål og datoer for næsten alle, lavet sammen med borgeren.'
					],
					['shared_plans'],
					2
				),
				item(
					'plan.opgaver',
					'Aftaler fra tavlemødet får en ansvarlig og en frist og bliver udført til tiden.',
					[
						'Aftaler registreres ikke.',
						'Aftaler registreres, sjældent med frist.',
						'Aftaler har frist; mange overskrides.',
						'De fleste aftaler udføres til tiden.',
						'Næsten alle aftaler udføres til tiden.'
					],
					['tasks']
				),
				item(
					'plan.maalinger',
					'Effekt- og trivselsmålinger gennemføres på de aftalte tidspunkter.',
					[
						'Der måles ikke.',
						'Der måles sjældent.',
						'Omkring halvdelen af målingerne sker til tiden.',
						'De fleste målinger sker til tiden.',
						'Næsten alle målinger sker til tiden og bruges i planen.'
					],
					['measurements']
				)
			]
		},
		{
			key: 'krise',
			title: 'Krise, risiko og sikkerhed',
			dimension: 'kvalitet',
			items: [
				item(
					'krise.kriseplan',
					'Borgere har en opdateret kriseplan med tidlige tegn, hvad der hjælper og en plan B.',
					[
						'Kriseplaner findes sjældent.',
						'Kriseplaner findes for nogle, men er forældede.',
						'Kriseplaner findes for de fleste; under halvdelen er opdaterede.',
						'De fleste kriseplaner er opdaterede.',
						'Næsten alle har en opdateret kriseplan, lavet med borgeren.'
					],
					['crisis_plans'],
					2
				),
				item(
					'krise.risiko',
					'Risiko vurderes systematisk og revurderes, når situationen ændrer sig.',
					[
						'Risiko vurderes ikke systematisk.',
						'Risiko vurderes ved optag, sjældent siden.',
						'Risiko vurderes for de fleste, men ikke rettidigt.',
						'Risikovurderinger er for det meste aktuelle.',
						'Risikovurderinger er aktuelle og fører til konkrete handlinger.'
					],
					['risk_assessments']
				)
			]
		},
		{
			key: 'netvaerk',
			title: 'Borgerinddragelse, samtykke og netværk',
			dimension: 'kvalitet',
			items: [
				item(
					'netvaerk.samtykke',
					'Samtykke til deling mellem sektorer er indhentet og dækker det, der drøftes.',
					[
						'Samtykke indhentes ikke systematisk.',
						'Samtykke findes for nogle borgere.',
						'Samtykke findes for de fleste, men dækker ikke altid drøftelserne.',
						'Samtykke findes og dækker drøftelserne for de fleste.',
						'Samtykke findes, er aktuelt og dækker drøftelserne for alle.'
					],
					['consent']
				),
				item(
					'netvaerk.yderhjul',
					'Relevante parter uden for teamet (yderhjulet) inddrages i sagerne, når det giver mening.',
					[
						'Eksterne parter inddrages ikke.',
						'Inddrages sjældent og tilfældigt.',
						'Inddrages i nogle sager.',
						'Inddrages jævnligt, fx korte gæsteslots på tavlemødet.',
						'Inddrages systematisk, og borgerens eget netværk er med.'
					],
					['outer_wheel']
				)
			]
		},
		{
			key: 'ledelse',
			title: 'Ledelse, forankring og kvalitetsudvikling',
			dimension: 'organisering',
			items: [
				item(
					'ledelse.forankring',
					'Ledere i begge sektorer bakker op om teamet og giver tid til FACT-arbejdet.',
					[
						'Ingen fælles ledelsesopbakning.',
						'Opbakning i den ene sektor.',
						'Opbakning i begge sektorer, men tid prioriteres ikke.',
						'Opbakning og tid i begge sektorer.',
						'Fælles ledelse følger teamet tæt og løser barrierer hurtigt.'
					]
				),
				item(
					'ledelse.udvikling',
					'Teamet evaluerer sig selv årligt og arbejder med sidste års udviklingsmål.',
					[
						'Ingen evaluering.',
						'Evaluering uden opfølgning.',
						'Evaluering med mål, der delvist følges.',
						'Evaluering med mål, der følges op.',
						'Evaluering, mål og opfølgning er en fast del af teamets år.'
					]
				)
			]
		}
	]
};
