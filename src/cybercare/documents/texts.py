"""The fixed texts of the documents in the four languages of Art. 11.4.

Each entry is a `Label` (the product model's four-language text), so a missing translation is a
type error, not a blank on a printed page. Placeholders in braces are filled by `str.format`.
"""

from __future__ import annotations

from cybercare.product.model import Label

TEXTS: dict[str, Label] = {
    # title band
    "title": Label(
        nl="Aansluitingsattest",
        fr="Certificat d'affiliation",
        de="Beitrittsbescheinigung",
        en="Affiliation certificate",
    ),
    "certificate_number": Label(
        nl="Attest nr.", fr="Certificat n°", de="Bescheinigung Nr.", en="Certificate no."
    ),
    "issued_on": Label(nl="Uitgereikt op", fr="Émis le", de="Ausgestellt am", en="Issued on"),
    # Art. 1 - parties
    "parties": Label(nl="Partijen", fr="Parties", de="Vertragsparteien", en="Parties"),
    "insurer": Label(nl="Verzekeraar", fr="Assureur", de="Versicherer", en="Insurer"),
    "distributor": Label(
        nl="Distributeur en verzekeringnemer",
        fr="Distributeur et preneur d'assurance",
        de="Vertreiber und Versicherungsnehmer",
        en="Distributor and policyholder",
    ),
    "collective": Label(
        nl="Collectieve verzekering: de aangeslotene sluit aan bij de collectieve polis die "
        "{distributor} bij de verzekeraar heeft gesloten.",
        fr="Assurance collective : l'affilié adhère à la police collective souscrite par "
        "{distributor} auprès de l'assureur.",
        de="Kollektivversicherung: das Mitglied tritt der Kollektivpolice bei, die "
        "{distributor} beim Versicherer abgeschlossen hat.",
        en="Collective insurance: the affiliate joins the collective policy that {distributor} "
        "took out with the insurer.",
    ),
    # the affiliation
    "affiliation": Label(nl="Aansluiting", fr="Affiliation", de="Beitritt", en="Affiliation"),
    "affiliate": Label(nl="Aangeslotene", fr="Affilié", de="Mitglied", en="Affiliate"),
    "address": Label(nl="Adres", fr="Adresse", de="Anschrift", en="Address"),
    "affiliation_id": Label(
        nl="Aansluitingsnummer",
        fr="Numéro d'affiliation",
        de="Beitrittsnummer",
        en="Affiliation number",
    ),
    "customer_ref": Label(
        nl="Klantnummer bij {distributor}",
        fr="Référence client chez {distributor}",
        de="Kundennummer bei {distributor}",
        en="Customer reference at {distributor}",
    ),
    "product": Label(nl="Product", fr="Produit", de="Produkt", en="Product"),
    "product_version": Label(
        nl="{title}, versie {version}",
        fr="{title}, version {version}",
        de="{title}, Version {version}",
        en="{title}, version {version}",
    ),
    "status": Label(nl="Status", fr="Statut", de="Status", en="Status"),
    # dates (Art. 3, 9.2)
    "dates": Label(
        nl="Data en looptijd", fr="Dates et durée", de="Daten und Laufzeit", en="Dates and duration"
    ),
    "start_date": Label(
        nl="Begin van de dekking",
        fr="Début de la couverture",
        de="Beginn des Versicherungsschutzes",
        en="Start of cover",
    ),
    "insurance_year": Label(
        nl="Lopend verzekeringsjaar",
        fr="Année d'assurance en cours",
        de="Laufendes Versicherungsjahr",
        en="Current insurance year",
    ),
    "period": Label(
        nl="van {start} tot en met {end}",
        fr="du {start} au {end} inclus",
        de="vom {start} bis einschließlich {end}",
        en="from {start} to {end} inclusive",
    ),
    "renewal": Label(
        nl="Volgende stilzwijgende verlenging",
        fr="Prochaine reconduction tacite",
        de="Nächste stillschweigende Verlängerung",
        en="Next tacit renewal",
    ),
    "year_end": Label(
        nl="Einde van het contract", fr="Fin du contrat", de="Vertragsende", en="End of contract"
    ),
    "duration_tacit": Label(
        nl="Het contract loopt {duration} en wordt daarna stilzwijgend verlengd voor dezelfde "
        "duur.",
        fr="Le contrat est conclu pour {duration} et se renouvelle ensuite tacitement pour une "
        "même durée.",
        de="Der Vertrag läuft {duration} und verlängert sich danach stillschweigend um dieselbe "
        "Dauer.",
        en="The contract runs for {duration} and is then renewed tacitly for the same period.",
    ),
    "duration_fixed": Label(
        nl="Het contract loopt {duration} en wordt niet stilzwijgend verlengd.",
        fr="Le contrat est conclu pour {duration} et n'est pas reconduit tacitement.",
        de="Der Vertrag läuft {duration} und verlängert sich nicht stillschweigend.",
        en="The contract runs for {duration} and is not renewed tacitly.",
    ),
    "one_year": Label(nl="één jaar", fr="un an", de="ein Jahr", en="one year"),
    "months": Label(nl="{n} maanden", fr="{n} mois", de="{n} Monate", en="{n} months"),
    # Art. 2 - insured persons
    "insured_persons": Label(
        nl="Verzekerde personen",
        fr="Personnes assurées",
        de="Versicherte Personen",
        en="Insured persons",
    ),
    "insured_intro": Label(
        nl="Verzekerd zijn de aangeslotene en de leden van zijn of haar gezin die onder hetzelfde "
        "dak wonen. Er geldt geen leeftijdsgrens.",
        fr="Sont assurés l'affilié et les membres de sa famille qui vivent sous le même toit. "
        "Il n'y a pas de limite d'âge.",
        de="Versichert sind das Mitglied und seine Familienangehörigen, die unter demselben Dach "
        "wohnen. Es gibt keine Altersgrenze.",
        en="Insured are the affiliate and the members of the affiliate's family who live under "
        "the same roof. There is no age limit.",
    ),
    "name": Label(nl="Naam", fr="Nom", de="Name", en="Name"),
    "birth_date": Label(
        nl="Geboortedatum", fr="Date de naissance", de="Geburtsdatum", en="Date of birth"
    ),
    "relationship": Label(
        nl="Band met de aangeslotene",
        fr="Lien avec l'affilié",
        de="Beziehung zum Mitglied",
        en="Relationship to the affiliate",
    ),
    # Art. 4 - guarantees
    "guarantees": Label(nl="Waarborgen", fr="Garanties", de="Garantien", en="Guarantees"),
    "article": Label(nl="Artikel", fr="Article", de="Artikel", en="Article"),
    "guarantee": Label(nl="Waarborg", fr="Garantie", de="Garantie", en="Guarantee"),
    "description": Label(nl="Omschrijving", fr="Description", de="Beschreibung", en="Description"),
    # Art. 5 - limits
    "limits": Label(
        nl="Jaarlijkse grenzen per gezin",
        fr="Plafonds annuels par ménage",
        de="Jahresgrenzen je Haushalt",
        en="Yearly limits per household",
    ),
    "limits_intro": Label(
        nl="De grenzen gelden per gezin en per verzekeringsjaar, niet per persoon. Een aanvaard "
        "dossier telt mee voor het aantal dossiers, of het nu tot een betaling, tot diensten of "
        "tot beide leidt. Waarborgen die hier niet vermeld zijn, hebben geen jaarlijkse grens.",
        fr="Les plafonds s'appliquent par ménage et par année d'assurance, et non par personne. "
        "Un dossier accepté compte dans le nombre de dossiers, qu'il donne lieu à un paiement, à "
        "des services ou aux deux. Les garanties qui ne figurent pas ici n'ont pas de plafond "
        "annuel.",
        de="Die Grenzen gelten je Haushalt und Versicherungsjahr, nicht je Person. Ein "
        "angenommener Fall zählt für die Anzahl der Fälle, ob er zu einer Zahlung, zu "
        "Dienstleistungen oder zu beidem führt. Nicht aufgeführte Garantien haben keine "
        "Jahresgrenze.",
        en="The limits apply per household and per insurance year, not per person. An accepted "
        "case counts towards the number of cases, whether it ends in a payment, in services or "
        "in both. Guarantees not listed here have no yearly limit.",
    ),
    "pot": Label(nl="Grens", fr="Plafond", de="Grenze", en="Limit"),
    "amount_per_year": Label(
        nl="Bedrag per jaar", fr="Montant par an", de="Betrag pro Jahr", en="Amount per year"
    ),
    "cases_per_year": Label(
        nl="Dossiers per jaar", fr="Dossiers par an", de="Fälle pro Jahr", en="Cases per year"
    ),
    "unlimited": Label(nl="onbeperkt", fr="illimité", de="unbegrenzt", en="unlimited"),
    # Art. 9.1 - premium
    "premium": Label(nl="Premie", fr="Prime", de="Prämie", en="Premium"),
    "net_premium": Label(nl="Nettopremie", fr="Prime nette", de="Nettoprämie", en="Net premium"),
    "tax": Label(
        nl="Taks op de verzekeringscontracten ({rate})",
        fr="Taxe sur les contrats d'assurance ({rate})",
        de="Steuer auf Versicherungsverträge ({rate})",
        en="Tax on insurance contracts ({rate})",
    ),
    "gross_premium": Label(
        nl="Maandpremie, taksen inbegrepen",
        fr="Prime mensuelle, taxes comprises",
        de="Monatsprämie, Steuern inbegriffen",
        en="Monthly premium, taxes included",
    ),
    "premium_note": Label(
        nl="{distributor} factureert de premie maandelijks op zijn eigen factuur. Taksvoet van "
        "toepassing op de premie die vervalt op {date}.",
        fr="{distributor} facture la prime mensuellement sur sa propre facture. Taux de taxe "
        "applicable à la prime échéant le {date}.",
        de="{distributor} stellt die Prämie monatlich mit der eigenen Rechnung in Rechnung. "
        "Steuersatz für die am {date} fällige Prämie.",
        en="{distributor} bills the premium monthly on its own invoice. Tax rate applicable to "
        "the premium due on {date}.",
    ),
    # Art. 10 - complaints
    "complaints": Label(nl="Klachten", fr="Plaintes", de="Beschwerden", en="Complaints"),
    "complaints_intro": Label(
        nl="Richt een klacht eerst tot de klachtendienst van de verzekeraar. Bent u niet tevreden "
        "met het antwoord, dan kunt u zich wenden tot de Ombudsman van de Verzekeringen. Dit doet "
        "geen afbreuk aan uw recht om een rechtsvordering in te stellen.",
        fr="Adressez d'abord votre plainte au service des plaintes de l'assureur. Si la réponse "
        "ne vous satisfait pas, vous pouvez vous adresser à l'Ombudsman des Assurances. Vous "
        "conservez le droit d'intenter une action en justice.",
        de="Richten Sie eine Beschwerde zuerst an den Beschwerdedienst des Versicherers. Sind "
        "Sie mit der Antwort nicht zufrieden, können Sie sich an den Ombudsdienst der "
        "Versicherungen wenden. Ihr Recht, den Rechtsweg zu beschreiten, bleibt unberührt.",
        en="First address a complaint to the insurer's complaints service. If you are not "
        "satisfied with the answer, you may turn to the Insurance Ombudsman. This does not "
        "affect your right to take legal action.",
    ),
    "step_insurer": Label(
        nl="1. Klachtendienst van de verzekeraar",
        fr="1. Service des plaintes de l'assureur",
        de="1. Beschwerdedienst des Versicherers",
        en="1. The insurer's complaints service",
    ),
    "step_ombudsman": Label(
        nl="2. Ombudsman van de Verzekeringen",
        fr="2. Ombudsman des Assurances",
        de="2. Ombudsdienst der Versicherungen",
        en="2. The Insurance Ombudsman",
    ),
    # closing
    "closing": Label(
        nl="Dit attest bevestigt de aansluiting op de datum van uitreiking. De dekking wordt "
        "beheerst door de productvoorwaarden (versie {version}), die bij tegenstrijdigheid "
        "voorrang hebben op dit attest.",
        fr="Ce certificat atteste l'affiliation à sa date d'émission. La couverture est régie par "
        "les conditions du produit (version {version}), qui prévalent sur ce certificat en cas "
        "de contradiction.",
        de="Diese Bescheinigung bestätigt den Beitritt am Ausstellungsdatum. Der "
        "Versicherungsschutz richtet sich nach den Produktbedingungen (Version {version}), die "
        "bei Widersprüchen Vorrang vor dieser Bescheinigung haben.",
        en="This certificate confirms the affiliation on its issue date. Cover is governed by the "
        "product terms (version {version}), which prevail over this certificate in case of "
        "conflict.",
    ),
    "premium_component": Label(nl="Onderdeel", fr="Élément", de="Bestandteil", en="Component"),
    "per_month": Label(nl="Per maand", fr="Par mois", de="Pro Monat", en="Per month"),
}

# Party details of the product (`Party.details`) under these keys get a translated caption.
DETAIL_CAPTIONS: dict[str, Label] = {
    "address": Label(nl="Adres", fr="Adresse", de="Anschrift", en="Address"),
    "phone": Label(nl="Telefoon", fr="Téléphone", de="Telefon", en="Phone"),
    "email": Label(nl="E-mail", fr="E-mail", de="E-Mail", en="E-mail"),
    "website": Label(nl="Website", fr="Site web", de="Website", en="Website"),
    "enterprise_number": Label(
        nl="Ondernemingsnummer",
        fr="Numéro d'entreprise",
        de="Unternehmensnummer",
        en="Enterprise no.",
    ),
    "licence_code": Label(
        nl="Toegelaten onder code",
        fr="Agréée sous le code",
        de="Zugelassen unter Code",
        en="Licence code",
    ),
}

# Relationship codes of a household member to the affiliate (Art. 2.1, 2.2).
RELATIONSHIPS: dict[str, Label] = {
    "affiliate": Label(nl="aangeslotene", fr="affilié(e)", de="Mitglied", en="affiliate"),
    "spouse": Label(nl="echtgeno(o)t(e)", fr="conjoint(e)", de="Ehepartner(in)", en="spouse"),
    "partner": Label(nl="partner", fr="partenaire", de="Partner(in)", en="partner"),
    "child": Label(nl="kind", fr="enfant", de="Kind", en="child"),
    "parent": Label(nl="ouder", fr="parent", de="Elternteil", en="parent"),
    "grandparent": Label(nl="grootouder", fr="grand-parent", de="Großelternteil", en="grandparent"),
    "grandchild": Label(nl="kleinkind", fr="petit-enfant", de="Enkelkind", en="grandchild"),
    "sibling": Label(
        nl="broer of zus", fr="frère ou sœur", de="Geschwister", en="brother or sister"
    ),
    "partner_child": Label(
        nl="kind van de partner",
        fr="enfant du partenaire",
        de="Kind des Partners",
        en="partner's child",
    ),
    "partner_parent": Label(
        nl="ouder van de partner",
        fr="parent du partenaire",
        de="Elternteil des Partners",
        en="partner's parent",
    ),
    "partner_grandparent": Label(
        nl="grootouder van de partner",
        fr="grand-parent du partenaire",
        de="Großelternteil des Partners",
        en="partner's grandparent",
    ),
    "partner_grandchild": Label(
        nl="kleinkind van de partner",
        fr="petit-enfant du partenaire",
        de="Enkelkind des Partners",
        en="partner's grandchild",
    ),
    "partner_sibling": Label(
        nl="broer of zus van de partner",
        fr="frère ou sœur du partenaire",
        de="Geschwister des Partners",
        en="partner's brother or sister",
    ),
}

# Statuses of an affiliation (Art. 9).
STATUSES: dict[str, Label] = {
    "active": Label(nl="actief", fr="en vigueur", de="aktiv", en="active"),
    "suspended": Label(
        nl="geschorst wegens niet-betaling",
        fr="suspendue pour non-paiement",
        de="wegen Nichtzahlung ausgesetzt",
        en="suspended for non-payment",
    ),
    "withdrawn": Label(nl="herroepen", fr="rétractée", de="widerrufen", en="withdrawn"),
    "terminated": Label(nl="beëindigd", fr="résiliée", de="beendet", en="terminated"),
}


def colon(language: str) -> str:
    """The separator between a caption and its value: French puts a (no-break) space before it."""
    return "\u00a0: " if language == "fr" else ": "


def text(key: str, language: str, **params: object) -> str:
    """The fixed text `key` in `language`, its placeholders filled from `params`."""
    template = TEXTS[key].in_(language)
    return template.format(**params) if params else template
