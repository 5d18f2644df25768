/**
 * Danish UI texts. One place for every label shown to people, so wording stays
 * consistent and can be reviewed by the team in one file.
 */
import type { TeamRole } from '$lib/domain/permissions';
import type { Profession } from '$lib/domain/professions';

export const roleLabel: Record<TeamRole, string> = {
	teamleder: 'Teamleder',
	moedeleder: 'Mødeleder',
	medlem: 'Medlem',
	auditor: 'Auditor'
};

export const roleDescription: Record<TeamRole, string> = {
	teamleder: 'Administrerer teamet, medlemmer og indstillinger',
	moedeleder: 'Planlægger og leder tavlemødet',
	medlem: 'Deltager i tavlemødet og arbejder med borgerne',
	auditor: 'Gennemfører fidelitetsaudit; ser ikke borgerdata'
};

export const professionLabel: Record<Profession, string> = {
	sygeplejerske: 'Sygeplejerske',
	psykiater: 'Psykiater',
	psykolog: 'Psykolog',
	socialraadgiver: 'Socialrådgiver / sagsbehandler',
	bostoette: 'Bostøttemedarbejder',
	rusmiddelbehandler: 'Rusmiddelbehandler',
	peer: 'Peer-medarbejder',
	ergoterapeut: 'Ergoterapeut',
	paedagog: 'Pædagog',
	leder: 'Leder',
	andet: 'Andet'
};

export const sectorLabel = { kommune: 'Kommune', region: 'Region' } as const;

export const t = {
	appName: 'Tavla',
	tagline: 'Den digitale tavle til FACT- og 3CP-teams',
	demo: 'DEMO',
	demoNotice: 'Demodata: alle personer og borgere er opdigtede.',
	nav: {
		start: 'Overblik',
		board: 'Tavle',
		import: 'Import',
		meetings: 'Tavlemøder',
		referrals: 'Henvisninger',
		outcomes: 'Resultater',
		audit: 'Audit',
		tasks: 'Opgaver',
		settings: 'Indstillinger',
		members: 'Medlemmer',
		account: 'Min konto',
		logout: 'Log ud',
		skipToContent: 'Spring til indhold',
		teams: 'Mine teams',
		theme: 'Skift mellem lyst og mørkt tema'
	},
	login: {
		title: 'Log ind',
		email: 'E-mail',
		password: 'Adgangskode',
		submit: 'Log ind',
		forgot: 'Glemt adgangskode?',
		wrong: 'Forkert e-mail eller adgangskode.',
		deactivated: 'Din bruger er deaktiveret. Kontakt din teamleder.',
		rateLimited: 'For mange forsøg. Vent lidt, og prøv igen.',
		totpTitle: 'Bekræft med engangskode',
		totpHelp: 'Indtast den 6-cifrede kode fra din godkendelses-app.',
		totpCode: 'Engangskode',
		totpWrong: 'Koden er forkert eller udløbet.',
		loggedOut: 'Du er logget ud.',
		ssoOr: 'eller',
		ssoUnknown:
			'Din bruger findes ikke i Tavla eller er deaktiveret. Bed din teamleder om en invitation.',
		ssoFailed: 'Log ind via din organisation mislykkedes. Prøv igen.',
		ssoUnavailable: 'Log ind via din organisation er ikke tilgængelig lige nu. Prøv igen senere.',
		ssoUnverified:
			'Din organisation har ikke bekræftet din e-mailadresse over for Tavla. Kontakt din IT-afdeling.'
	},
	reset: {
		title: 'Nulstil adgangskode',
		requestHelp:
			'Skriv din e-mail. Findes den, får du et link til at vælge en ny adgangskode. Linket virker i 1 time.',
		requestSubmit: 'Send link',
		requestSent: 'Hvis e-mailen findes, er der sendt et link. Tjek din indbakke.',
		newPassword: 'Ny adgangskode',
		repeatPassword: 'Gentag adgangskode',
		submit: 'Gem adgangskode',
		invalidToken: 'Linket er ugyldigt, brugt eller udløbet. Bed om et nyt.',
		mismatch: 'De to adgangskoder er ikke ens.',
		done: 'Din adgangskode er gemt. Du kan nu logge ind.'
	},
	account: {
		title: 'Min konto',
		changePassword: 'Skift adgangskode',
		currentPassword: 'Nuværende adgangskode',
		passwordChanged: 'Adgangskoden er skiftet. Du er logget ud alle andre steder.',
		wrongCurrent: 'Den nuværende adgangskode er forkert.',
		totp: 'Totrinsbekræftelse',
		totpOn: 'Totrinsbekræftelse er slået til.',
		totpOff: 'Totrinsbekræftelse er slået fra.',
		totpEnable: 'Slå totrinsbekræftelse til',
		totpDisable: 'Slå totrinsbekræftelse fra',
		totpScan: 'Scan koden med din godkendelses-app, og indtast derefter den 6-cifrede kode.',
		totpManual: 'Eller indtast nøglen manuelt',
		logoutEverywhere: 'Log ud på alle enheder',
		loggedOutEverywhere: 'Du er logget ud på alle andre enheder.',
		sessions: 'Aktive sessioner'
	},
	members: {
		title: 'Medlemmer',
		invite: 'Invitér medlem',
		name: 'Navn',
		email: 'E-mail',
		profession: 'Faggruppe',
		organisation: 'Ansat i',
		sector: 'Sektor',
		role: 'Rolle i teamet',
		status: 'Status',
		active: 'Aktiv',
		deactivated: 'Deaktiveret',
		deactivate: 'Deaktivér',
		reactivate: 'Genaktivér',
		saved: 'Gemt.',
		confirmDeactivate:
			'Deaktivér medlemmet? Historik bevares, og personen kan ikke længere logge ind på teamet.',
		lastLead: 'Teamet skal have mindst én aktiv teamleder.',
		self: 'Du kan ikke deaktivere dig selv.'
	},
	errors: {
		generic: 'Noget gik galt. Prøv igen.',
		unauthorized: 'Du skal være logget ind.',
		forbidden: 'Du har ikke adgang til dette.',
		notFound: 'Siden findes ikke.',
		badRequest: 'Ugyldige oplysninger. Ret de markerede felter.',
		conflict: 'Oplysningerne findes allerede.',
		staleEdit: 'En anden har ændret det samme felt imens. Se den nye værdi, og prøv igen.',
		tooMany: 'For mange forsøg. Vent lidt, og prøv igen.',
		network: 'Ingen forbindelse til serveren. Prøv igen.',
		/** Live notes: bytes that are not a valid Yjs update, state vector or cursor. */
		badNoteUpdate: 'Ugyldig tekstopdatering.',
		badNoteSync: 'Ugyldig tekstsynkronisering.',
		badAwareness: 'Ugyldig markøropdatering.'
	},
	password: {
		tooShort: 'Adgangskoden skal være mindst 10 tegn.',
		tooLong: 'Adgangskoden må højst være 200 tegn.'
	}
} as const;

/** Fidelity audit (issue G): statuses, indicator names and messages. */
export const auditText = {
	status: {
		selvevaluering: 'Selvevaluering',
		audit: 'Audit i gang',
		frigivet: 'Rapport frigivet'
	},
	dimension: { kvalitet: 'Kvalitet', organisering: 'Organisering' },
	interviewGroup: {
		ledelse: 'Ledelse',
		medarbejdere: 'Medarbejdere',
		borgere: 'Borgere',
		samarbejdspartnere: 'Samarbejdspartnere'
	},
	indicator: {
		caseload: 'Caseload pr. case manager',
		cadence: 'Borgere drøftet i den kadence, deres niveau kræver',
		meetings: 'Tavlemøder holdt i forhold til planlagt',
		attendance: 'Møder med både kommune og region til stede',
		crisis_plans: 'Kriseplaner opdateret inden for 6 måneder',
		risk_assessments: 'Aktuelle risikovurderinger',
		consent: 'Borgere med gyldigt samtykke',
		shared_plans: 'Fælles plan med konkrete delmål og opfølgningsdato',
		measurements: 'Målinger gennemført til tiden',
		tasks: 'Opgaver udført til tiden',
		outer_wheel: 'Møder med deltagere fra yderhjulet',
		scaling_reasons: 'Skaleringer med begrundelse',
		referral_start: 'Dage fra henvisning til opstart (median)'
	},
	errors: {
		notFound: 'Auditten findes ikke.',
		yearExists: 'Der er allerede en audit for dette år.',
		badScale: 'Skalaen kunne ikke læses',
		notParticipant: 'Du er ikke valgt til at score selvevalueringen.',
		notAuditor: 'Du er ikke auditor på denne audit.',
		notLead: 'Kun den ledende auditor kan gøre dette.',
		wrongStatus: 'Det kan ikke lade sig gøre i auditens nuværende fase.',
		released: 'Rapporten er frigivet og kan ikke længere ændres.',
		notReleased: 'Rapporten er ikke frigivet endnu.',
		unknownItem: 'Punktet findes ikke i skalaen.',
		scoreRange: 'Scoren ligger uden for skalaens ankerniveauer.',
		badMembers: 'En eller flere valgte personer kan ikke vælges til denne rolle.',
		period: 'Perioden skal slutte samme dag eller efter, den begynder.'
	}
} as const;

/** Consent registry, access log and outer-wheel guests (issue E). */
export const consentText = {
	title: 'Samtykke og videregivelse',
	intro:
		'Hvad borgeren har givet samtykke til: hvem teamet må dele oplysninger med, hvilke oplysninger, til hvilket formål og hvor længe. Samtykket registreres normalt ved opstartsmødet og kan til enhver tid trækkes tilbage.',
	activeLabel: 'Samtykke er givet.',
	until: 'Gælder til og med',
	stateHelp: {
		missing:
			'Registrér borgerens samtykke ved opstartsmødet. Indtil da kan ingen fra yderhjulet inviteres.',
		expiring: 'Forny samtykket med borgeren, før det udløber.',
		expired:
			'Teamet ser kun stamdata, indtil et nyt samtykke er registreret. Gæster kan ikke inviteres.',
		withdrawn:
			'Teamet ser kun stamdata. Oplysninger må kun deles på et lovgrundlag, som skal registreres nedenfor.',
		active: ''
	},
	consents: 'Samtykker',
	none: 'Der er ikke registreret noget samtykke endnu.',
	add: 'Registrér samtykke',
	actorKind: 'Hvem gælder det',
	actorLabel: 'Navn, rolle eller organisation',
	actorHelp: 'Fx "Fællesteamet", "Egen læge", "Jobcenter Skive" eller en persons navn.',
	actorContact: 'Kontakt (valgfri)',
	categories: 'Oplysninger',
	allSections: 'Alle afsnit på tavlen',
	purpose: 'Formål',
	period: 'Periode',
	open: 'indtil det trækkes tilbage',
	validFrom: 'Gælder fra',
	validUntil: 'Gælder til og med (valgfri)',
	validUntilHelp: 'Tom: gælder til det trækkes tilbage. Tavla markerer det 30 dage før.',
	givenHow: 'Givet',
	witnessedBy: 'Bevidnet af',
	recordedBy: 'Registreret af',
	withdrawnAt: 'Trukket tilbage',
	withdraw: 'Træk samtykket tilbage',
	withdrawNote: 'Bemærkning (valgfri)',
	confirmWithdraw: 'Træk tilbage nu',
	cancel: 'Annullér',
	save: 'Gem samtykke',
	saved: 'Samtykket er gemt.',
	withdrawn: 'Samtykket er trukket tilbage. Det gælder straks, også for åbne skærme.',
	disclosures: 'Videregivelse uden samtykke',
	disclosuresIntro:
		'Oplysninger, der er delt på et lovgrundlag uden samtykke, fx i PSP-samarbejdet (retsplejelovens § 115) eller ved akut fare. Skal være en sjælden undtagelse og altid begrundes.',
	noDisclosures: 'Ingen registrerede videregivelser.',
	addDisclosure: 'Registrér videregivelse uden samtykke',
	recipient: 'Modtager',
	basis: 'Lovgrundlag',
	legalReference: 'Bestemmelse',
	reason: 'Begrundelse',
	decidedBy: 'Besluttet af',
	disclosedOn: 'Dato',
	disclosureUntil: 'Adgang i Tavla til og med (valgfri)',
	disclosureUntilHelp: 'Tom: kun samme dag.',
	saveDisclosure: 'Gem videregivelse',
	disclosureSaved: 'Videregivelsen er registreret.',
	link: 'Samtykke',
	retentionNav: 'Opbevaring',
	accessLog: {
		title: 'Adgangslog',
		intro:
			'Hver læsning og ændring af borgerdata, hvem, hvornår, hvilke oplysninger, hvorfra og på hvilket grundlag. Loggen kan ikke ændres eller slettes.',
		nav: 'Adgangslog',
		when: 'Tidspunkt',
		who: 'Hvem',
		borger: 'Borger',
		action: 'Handling',
		feature: 'Hvorfra',
		categories: 'Oplysninger',
		basis: 'Grundlag',
		filter: 'Filtrér',
		all: 'Alle',
		from: 'Fra',
		to: 'Til',
		more: 'Vis ældre',
		empty: 'Ingen poster matcher filteret.',
		actions: { read: 'Læst', write: 'Ændret', export: 'Udtræk', denied: 'Afvist' },
		basisKind: {
			consent: 'Samtykke',
			legal: 'Lovgrundlag',
			enrolment: 'Teamets forløb (intet samtykke registreret endnu)'
		},
		insight: 'Aktindsigt (PDF)',
		insightHelp:
			'Borgerens data og hvem der har haft adgang, til besvarelse af en anmodning om aktindsigt.'
	}
} as const;

/** Invitations to a team: the team lead's side and the invitee's. */
export const invitationText = {
	wrongOrganisation: 'Vælg kommunen eller regionen, som ejer teamet.',
	alreadyMember: 'Personen er allerede medlem af teamet.',
	notFound: 'Invitationen findes ikke eller er ikke længere åben.',
	sent: (email: string) => `Invitationen er sendt til ${email}. Linket virker i 7 dage.`,
	sentToLog:
		'Der er ingen mailserver sat op, så linket er skrevet i serverens log. Driften kan sende det videre til personen.',
	pending: 'Afventende invitationer',
	sentOn: 'Sendt',
	expiresOn: 'Udløber',
	expired: 'Udløbet',
	resend: 'Send igen',
	revoke: 'Tilbagekald',
	confirmRevoke: 'Tilbagekald invitationen? Linket holder op med at virke.',
	revoked: 'Invitationen er tilbagekaldt.',
	title: 'Invitation til Tavla',
	invalid:
		'Invitationen er ugyldig, allerede brugt, tilbagekaldt eller udløbet. Bed teamlederen om en ny.',
	intro: (team: string, role: string, by: string | null) =>
		`${by ?? 'Teamlederen'} har inviteret dig til ${team} som ${role.toLowerCase()}.`,
	choosePassword: 'Vælg en adgangskode for at oprette din bruger og tage imod invitationen.',
	createAndAccept: 'Opret bruger og tag imod',
	hasAccount: 'Du har allerede en bruger i Tavla. Log ind for at tage imod invitationen.',
	loginToAccept: 'Log ind og tag imod',
	noPasswordHint:
		'Har du ingen adgangskode, så log ind med din organisation, eller brug "Glemt adgangskode".',
	accept: 'Tag imod invitationen',
	decline: 'Afvis',
	otherPerson:
		'Invitationen er sendt til en anden e-mailadresse end den, du er logget ind med. Log ud, og åbn linket igen.',
	deactivated: 'Din bruger er deaktiveret. Kontakt teamlederen.',
	declined: 'Invitationen er afvist.',
	banner: (n: number) =>
		n === 1 ? 'Du er inviteret til et team.' : `Du er inviteret til ${n} teams.`,
	bannerLink: 'Se invitationer',
	mine: 'Dine invitationer',
	mineNone: 'Du har ingen åbne invitationer.',
	invitedBy: 'Inviteret af',
	asRole: 'Rolle'
} as const;

/** Sessions and input that cannot be stored. */
export const securityText = {
	timedOut: 'Du er logget ud, fordi du ikke har været aktiv i et stykke tid. Log ind igen.',
	badText:
		'Teksten indeholder tegn, der ikke kan gemmes (fx et nultegn eller et halvt tegn). Skriv teksten igen.',
	badDate: 'Skriv en dato mellem 1900 og 2199 (åååå-mm-dd).',
	badDateTime: 'Skriv et tidspunkt mellem år 1900 og 2199.',
	unstorable: 'Oplysningerne kan ikke gemmes, som de er. Ret dem, og prøv igen.',
	missingReference:
		'Noget af det, du henviser til, findes ikke (længere). Genindlæs siden, og prøv igen.',
	duplicate: 'Oplysningerne findes allerede.',
	importTooBigUnpacked: (mb: number) =>
		`Excel-filen fylder mere end ${mb} MB, når den pakkes ud. Del filen op, eller gem den som CSV.`
} as const;
