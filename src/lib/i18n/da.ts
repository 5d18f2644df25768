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
		loggedOut: 'Du er logget ud.'
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
		done: 'Din adgangskode er gemt. Du kan nu logge ind.',
		inviteTitle: 'Velkommen til Tavla',
		inviteHelp: 'Vælg en adgangskode for at aktivere din bruger.'
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
		invited: 'Invitation oprettet. Send dette link til personen:',
		pendingInvite: 'Inviteret',
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
		tooMany: 'For mange forsøg. Vent lidt, og prøv igen.',
		network: 'Ingen forbindelse til serveren. Prøv igen.'
	},
	password: {
		tooShort: 'Adgangskoden skal være mindst 10 tegn.',
		tooLong: 'Adgangskoden må højst være 200 tegn.'
	}
} as const;
