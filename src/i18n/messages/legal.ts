import { defineMessages } from '../define';

export default defineMessages({
  de: {
    'legal.demoNotice':
      'Demo-Betrieb: Die Angaben zum Betreiber stammen aus der Beispielkonfiguration. Im Echtbetrieb werden sie über die Umgebungsvariablen OPERATOR_* gesetzt.',
    'impressum.title': 'Impressum',
    'impressum.provider': 'Anbieter',
    'impressum.representative': 'Vertreten durch',
    'impressum.contact': 'Kontakt',
    'impressum.responsible': 'Inhaltlich verantwortlich',
    'impressum.responsibleText':
      'Für die Veranstaltungen und Angebote der Vereine und Organisationen sind die jeweils genannten Veranstalter verantwortlich. Das Quartiersmanagement prüft vorgeschlagene Veranstaltungen vor der Veröffentlichung.',
    'privacy.title': 'Datenschutzerklärung',
    'privacy.intro':
      'Wir verarbeiten personenbezogene Daten nur, soweit es für die Angebote dieses Portals nötig ist. Hier steht, welche Daten wir speichern, wozu und wie lange.',
    'privacy.controller': 'Verantwortliche Stelle',
    'privacy.dpo': 'Datenschutzbeauftragte',
    'privacy.whatTitle': 'Welche Daten wir speichern',
    'privacy.visit':
      'Besuch der Seiten ohne Konto: Wir setzen keine Analyse- oder Werbe-Cookies und laden nichts von fremden Servern. Gespeichert wird nur ein Cookie für die gewählte Sprache. Der Server protokolliert Zeitpunkt, Adresse der Seite und Fehler, aber keine IP-Adressen.',
    'privacy.account':
      'Benutzerkonto: E-Mail-Adresse, Name, Passwort (nur als Argon2id-Hash), gewähltes Quartier und Sprache, angemeldete Sitzungen (eine Sitzung endet nach 10 Tagen ohne Nutzung, spätestens 30 Tage nach der Anmeldung). Gespeichert, bis Sie Ihr Konto löschen.',
    'privacy.registrations':
      'Anmeldungen zu Veranstaltungen: Name, E-Mail-Adresse, Telefon und Zahl der Plätze. Ohne Konto erhalten Sie einen persönlichen Link, mit dem Sie die Anmeldung bestätigen und verwalten; er gilt bis zum Ende der Veranstaltung. Eine Anmeldung, die nicht innerhalb von 24 Stunden bestätigt wird, verfällt; wir löschen sie dann innerhalb von sechs Stunden ganz. Name, E-Mail-Adresse und Telefon einer Anmeldung ohne Konto löschen wir 30 Tage nach der Veranstaltung; es bleibt nur die Zahl der Plätze. Anmeldungen mit Konto gehören zum Konto.',
    'privacy.security':
      'Schutz vor Missbrauch: Um das Erraten von Passwörtern und Massen-Anfragen zu bremsen, zählen wir Versuche je IP-Adresse und je E-Mail-Adresse. Diese Zähler löschen wir nach einem Tag. In den Zugriffsprotokollen stehen keine IP-Adressen; geheime Links (Kalender-Abos, Bestätigungen, Einladungen) werden dort unkenntlich gemacht.',
    'privacy.bookings':
      'Raumbuchungen: Organisation, anfragende Person, Zeitraum, Zweck und erwartete Personenzahl. Die Buchung bleibt für Abrechnung und Nachweise bei der Organisation; wer angefragt, entschieden oder storniert hat, speichern wir bis zum Ende des dritten Kalenderjahres nach der Buchung.',
    'privacy.volunteering':
      'Ehrenamt und Hilfeanfragen: Name, Kontakt, Quartier, Verfügbarkeit, Sprachen und Ihre Nachricht. Nur die Koordination des jeweiligen Programms sieht diese Angaben. Beendete Bewerbungen und Anfragen werden nach der eingestellten Frist (Standard: 12 Monate) anonymisiert. Wir speichern nur, dass eine Schulung besucht oder ein Führungszeugnis eingesehen wurde, nie das Dokument selbst.',
    'privacy.mail':
      'E-Mails: Benachrichtigungen werden im Postausgang gespeichert, bis sie verschickt sind, damit nichts verloren geht. Nach dem Versand entfernen wir aus der gespeicherten Kopie die persönlichen Links (Bestätigung, neues Passwort, Einladung, Anmeldung verwalten). Verschickte E-Mails löschen wir 90 Tage nach dem Versand, nicht zustellbare 90 Tage nach ihrer Erstellung, als Datei abgelegte E-Mails (Betrieb ohne Mailserver) 90 Tage nach dem Ablegen.',
    'privacy.deletion':
      'Wenn Sie Ihr Konto löschen, löschen oder anonymisieren wir sofort alles, was Sie nennt: Konto, Sitzungen, Mitgliedschaften und Rollen, Anmeldungen (auch solche, die Sie ohne Konto mit derselben E-Mail-Adresse gemacht haben), Bewerbungen und Hilfeanfragen mit Ihrer Adresse, Einladungen an Sie und alle E-Mails an Sie. In E-Mails an andere und im Protokoll der Verwaltung ersetzen wir Ihren Namen und Ihre Adresse durch „[gelöscht]“. Raumbuchungen bleiben bei der Organisation, ohne Verbindung zu Ihnen.',
    'privacy.rightsTitle': 'Ihre Rechte',
    'privacy.rights':
      'Sie können Auskunft über Ihre Daten verlangen, sie berichtigen oder löschen lassen, der Verarbeitung widersprechen und Ihre Daten in einem gängigen Format erhalten. Mit einem Konto laden Sie Ihre Daten unter „Mein Konto“ selbst herunter und können das Konto dort löschen. Sie können sich bei der Datenschutzaufsicht beschweren (in NRW: Landesbeauftragte für Datenschutz und Informationsfreiheit).',
    'privacy.legalBasis':
      'Rechtsgrundlagen: Art. 6 Abs. 1 lit. b DSGVO (Konto, Buchungen, Anmeldungen), lit. a (Einwilligung bei Ehrenamt und Hilfeanfragen), lit. e in Verbindung mit den Aufgaben der Gemeinde (Information der Öffentlichkeit).',
    'a11y.title': 'Erklärung zur Barrierefreiheit',
    'a11y.intro':
      '{operator} ist bemüht, dieses Portal im Einklang mit der Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) und der Richtlinie (EU) 2016/2102 barrierefrei zugänglich zu machen.',
    'a11y.statusTitle': 'Stand der Vereinbarkeit',
    'a11y.status':
      'Dieses Portal ist mit den Anforderungen der BITV 2.0 (WCAG 2.1, Stufe AA) weitgehend vereinbar. Jede Seite wird bei jeder Änderung automatisch mit axe-core geprüft; alle Seiten funktionieren ohne JavaScript und mit der Tastatur.',
    'a11y.limitsTitle': 'Nicht barrierefreie Inhalte',
    'a11y.limits':
      'Beschreibungen von Veranstaltungen, die Vereine selbst eingeben, können Abkürzungen oder schwierige Sprache enthalten. Wir prüfen vorgeschlagene Veranstaltungen und bitten um einfache Sprache.',
    'a11y.createdTitle': 'Erstellung dieser Erklärung',
    'a11y.created': 'Diese Erklärung beruht auf einer Selbstbewertung und automatischen Prüfungen jeder Version.',
    'a11y.feedbackTitle': 'Barrieren melden',
    'a11y.feedback':
      'Ist Ihnen eine Barriere aufgefallen, oder brauchen Sie Informationen in einer anderen Form? Schreiben Sie uns: {email}. Wir antworten innerhalb von zwei Wochen.',
    'a11y.enforcementTitle': 'Schlichtungsverfahren',
    'a11y.enforcement': 'Wenn Sie auf Ihre Meldung keine zufriedenstellende Antwort erhalten, können Sie sich an die Schlichtungsstelle wenden: {body}.',
  },
  en: {
    'legal.demoNotice':
      'Demo mode: the operator details come from the example configuration. In production they are set through the OPERATOR_* environment variables.',
    'impressum.title': 'Legal notice (Impressum)',
    'impressum.provider': 'Provider',
    'impressum.representative': 'Represented by',
    'impressum.contact': 'Contact',
    'impressum.responsible': 'Responsible for content',
    'impressum.responsibleText':
      'The organisers named with each event and offer are responsible for them. The neighbourhood management reviews proposed events before they are published.',
    'privacy.title': 'Privacy statement',
    'privacy.intro': 'We process personal data only as far as the services of this portal need it. This page says what we store, why and for how long.',
    'privacy.controller': 'Controller',
    'privacy.dpo': 'Data protection officer',
    'privacy.whatTitle': 'What we store',
    'privacy.visit':
      'Visiting without an account: we set no analytics or advertising cookies and load nothing from other servers. Only a cookie for your chosen language is stored. The server logs time, page address and errors, but no IP addresses.',
    'privacy.account':
      'Account: email address, name, password (only as an Argon2id hash), chosen neighbourhood and language, active sessions (a session ends after 10 days without use, at the latest 30 days after logging in). Kept until you delete your account.',
    'privacy.registrations':
      'Registrations for events: name, email address, phone and number of places. Without an account you get a personal link to confirm and manage the registration; it works until the event is over. A registration not confirmed within 24 hours lapses; we then delete it completely within six hours. Name, email address and phone of a registration without an account are deleted 30 days after the event; only the number of places remains. Registrations with an account belong to the account.',
    'privacy.security':
      'Protection against abuse: to slow down password guessing and mass requests we count attempts per IP address and per email address. These counters are deleted after one day. The access logs contain no IP addresses; secret links (calendar subscriptions, confirmations, invitations) are made unreadable there.',
    'privacy.bookings':
      'Room bookings: organisation, requesting person, time, purpose and expected number of people. The booking stays with the organisation for accounting and records; who requested, decided or cancelled it is kept until the end of the third calendar year after the booking.',
    'privacy.volunteering':
      'Volunteering and requests for help: name, contact, neighbourhood, availability, languages and your message. Only the coordinators of the programme see them. Ended applications and requests are anonymised after the configured period (default: 12 months). We only record that a training was attended or a certificate of good conduct was seen, never the document itself.',
    'privacy.mail':
      'Emails: notifications are kept in the outbox until they are sent, so that nothing is lost. Once sent, the personal links (confirmation, new password, invitation, manage registration) are removed from the kept copy. Sent emails are deleted 90 days after sending, undeliverable ones 90 days after they were written, emails stored as files (running without a mail server) 90 days after they were stored.',
    'privacy.deletion':
      'When you delete your account, we delete or anonymise at once everything that names you: account, sessions, memberships and roles, registrations (also those you made without an account with the same email address), volunteer applications and requests for help with your address, invitations to you and all emails to you. In emails to others and in the administration’s log we replace your name and address with “[gelöscht]” (deleted). Room bookings stay with the organisation, without a link to you.',
    'privacy.rightsTitle': 'Your rights',
    'privacy.rights':
      'You can ask what data we hold about you, have it corrected or deleted, object to processing and receive your data in a common format. With an account you download your data under “My account” and can delete the account there. You can complain to the data protection authority (in North Rhine-Westphalia: LDI NRW).',
    'privacy.legalBasis':
      'Legal bases: Art. 6(1)(b) GDPR (account, bookings, registrations), (a) (consent for volunteering and requests for help), (e) with the municipality’s tasks (informing the public).',
    'a11y.title': 'Accessibility statement',
    'a11y.intro': '{operator} strives to make this portal accessible in accordance with the German BITV 2.0 and Directive (EU) 2016/2102.',
    'a11y.statusTitle': 'Compliance status',
    'a11y.status':
      'This portal is largely compliant with BITV 2.0 (WCAG 2.1 level AA). Every page is checked automatically with axe-core on every change; all pages work without JavaScript and with the keyboard.',
    'a11y.limitsTitle': 'Content that is not accessible',
    'a11y.limits':
      'Event descriptions entered by associations may contain abbreviations or difficult language. We review proposed events and ask for plain language.',
    'a11y.createdTitle': 'Preparation of this statement',
    'a11y.created': 'This statement is based on a self-assessment and automatic checks of every version.',
    'a11y.feedbackTitle': 'Report a barrier',
    'a11y.feedback': 'Did you come across a barrier, or do you need information in another form? Write to us: {email}. We answer within two weeks.',
    'a11y.enforcementTitle': 'Enforcement procedure',
    'a11y.enforcement': 'If you do not receive a satisfactory answer, you can contact the conciliation body: {body}.',
  },
});
