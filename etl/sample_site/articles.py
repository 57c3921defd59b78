"""The sample site's articles: invented news, written for this project.

People are fictional; places and organizations are real so that geocoding
and organization matching have something to find. Each article carries one
distinctive phrase (``PHRASES``) that appears in no other article, so tests
can find a page's text in pipeline output. ``build.py`` renders these into
the checked-in files under ``site/``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from etl.sample_site.markup import Figure, Page, Promo, RelatedLink


def _utc(hour: int, minute: int) -> datetime:
    return datetime(2026, 11, 20, hour, minute, tzinfo=UTC)


def _fig(path: str, n: int, alt: str, caption: str, credit: str) -> Figure:
    stem = path.rsplit("/", 1)[-1].removesuffix(".html")
    return Figure(f"/media/2026/11/20/{stem}-{n}.jpg", alt, caption, credit)


_HARBOUR_PROMO = Promo(
    "World Briefing",
    "/static/promos/world-briefing-banner.png",
    "Dark blue banner for the World Briefing newsletter showing a globe and the words "
    "'The world, in five minutes'",
    "Sign up for World Briefing, our free morning newsletter: the five stories you need "
    "to know from around the world, in your inbox before breakfast every weekday.",
)
_LEDGER_PROMO = Promo(
    "The Morning Ledger",
    "/static/promos/morning-ledger-banner.png",
    "Green banner advertising The Morning Ledger newsletter with a rising chart",
    "Get The Morning Ledger newsletter: markets, deals and the economy explained by our "
    "reporters. "
    "Delivered free to your inbox at 6 a.m. Eastern, Monday to Friday.",
)
_MERIDIAN_PROMO = Promo(
    "Meridian Weekly",
    "/static/promos/meridian-weekly-banner.png",
    "Purple banner for the Meridian Weekly newsletter with a telescope illustration",
    "Join 80,000 curious readers. Meridian Weekly, our free newsletter, brings the week's "
    "most important research to your inbox every Saturday, explained without jargon.",
)

_P1 = "/world/2026/11/20/baltic-nordic-cable-protection-pact-tallinn.html"
_P2 = "/world/2026/11/20/nairobi-climate-finance-disaster-fund-deal.html"
_P3 = "/politics/2026/11/20/spain-ana-ruiz-survives-confidence-vote.html"
_P4 = "/world/2026/11/20/mekong-drought-emergency-water-releases.html"
_P5 = "/markets/2026/11/20/straits-air-hanbit-airways-merger-talks.html"
_P6 = "/business/2026/11/20/ecb-signals-long-pause-on-rates.html"
_P7 = "/business/2026/11/20/chile-cerro-plata-copper-strike.html"
_P8 = "/business/2026/11/20/paykola-lagos-stock-market-debut.html"
_P9 = "/science/2026/11/20/antarctic-ice-core-million-years.html"
_P10 = "/science/2026/11/20/ghana-malaria-vaccine-trial-results.html"
_P11 = "/science/2026/11/20/lunar-rover-finds-water-ice-south-pole.html"

# One distinctive phrase per article, keyed by path; each occurs in exactly one body.
PHRASES: dict[str, str] = {
    _P1: "seabed sentinel programme",
    _P2: "loss ledger mechanism",
    _P3: "orange-ribbon coalition",
    _P4: "dry-season release calendar",
    _P5: "twin-hub timetable",
    _P6: "patient plateau",
    _P7: "began as a night-shift walkout",
    _P8: "sold out in eleven minutes",
    _P9: "blue-ice window",
    _P10: "three-dose village schedule",
    _P11: "shadowed crater rim traverse",
}


ARTICLES: tuple[Page, ...] = (
    Page(
        site="harbour",
        path=_P1,
        title="Baltic and Nordic ministers sign undersea cable protection pact in Tallinn",
        description="Eight countries will pool patrols, sonar data and repair ships after a "
        "year of damaged data links and pipelines under the Baltic Sea.",
        section="World",
        tags=("NATO", "Baltic Sea", "Infrastructure", "Estonia"),
        authors=("Maren Holt", "Tomas Berzins"),
        published=_utc(6, 30),
        modified=_utc(9, 5),
        body=(
            "Foreign ministers from eight Nordic and Baltic countries signed an agreement in "
            "Tallinn on Friday to pool naval patrols, sensors and repair ships to protect the "
            "undersea cables and pipelines that criss-cross the Baltic Sea, after a year in which "
            "three data links and a gas interconnector were damaged by dragged anchors.",
            "The pact, which officials have called the seabed sentinel programme, commits "
            "Estonia, Finland, Sweden, Denmark, Norway, Latvia, Lithuania and Iceland to share "
            "real-time sonar data and to keep two cable-repair vessels on standby in the ports "
            "of Helsinki and Klaipeda throughout the winter.",
            _fig(
                _P1,
                1,
                "Liis Kaarma signs a document at a long table",
                "Estonian Foreign Minister Liis Kaarma signs the agreement at Kadriorg Palace "
                "in Tallinn on Friday",
                "Anneli Sepp/Harbour Gazette",
            ),
            "Estonian Foreign Minister Liis Kaarma, who hosted the meeting at Kadriorg Palace, "
            'said the agreement turned years of warnings into a working plan. "For too long we '
            'treated the sea floor as somebody else\'s problem," Kaarma said. "Today we decided '
            "that it is everybody's problem, and that we will watch it together.\"",
            "Finland's defence minister, Oskari Lindqvist, told reporters that the first joint "
            'patrols would begin in the Gulf of Finland within weeks. "We are not waiting for '
            'the next incident to find out who is responsible for what," said Lindqvist.',
            "The agreement is not a NATO operation, although all eight signatories are members "
            "of the alliance and its maritime command in Northwood, near London, will receive "
            "the shared data. Marianne Colbert, a senior NATO official who attended as an "
            'observer, described it as "exactly the kind of regional ownership the alliance has '
            'asked for".',
            "Latvian Foreign Minister Andris Kalnins said the costs would be split according to "
            "the length of coastline each country must monitor, a formula that leaves Norway "
            "and Sweden paying the largest share.",
            '"Nobody got everything they wanted on the money," Kalnins said. "But the smaller '
            "states have been heard, and the repair ships will be where the risk is, not where "
            "the budgets are.",
            '"That matters to Riga, and it matters to Vilnius, because our connections to the '
            'rest of Europe run through a handful of cables."',
            _fig(
                _P1,
                2,
                "A cable-laying ship moored at a quay",
                "A cable-laying vessel moored in the port of Helsinki, one of two ships to be "
                "kept on standby",
                "Juho Saarinen/Northlight Images",
            ),
            "Russia's embassy in Tallinn did not respond to a request for comment. Moscow has "
            "previously rejected suggestions that ships sailing from Russian ports were "
            "responsible for any of the damage.",
            "Stockholm will contribute a signals-intelligence aircraft and a "
            "mine-countermeasures vessel, according to a Swedish government spokeswoman. "
            '"Sweden has the capabilities and the will to contribute from day one," the '
            "spokeswoman said.",
            "The European Commission said it would consider paying for part of the sensor "
            "network from its Connecting Europe Facility, which already funds several "
            "cross-border energy and data links. A decision is expected in the spring.",
            "Industry groups welcomed the deal but warned that repair times remain long. Ingrid "
            'Solberg, who chairs the Nordic Subsea Operators Forum, said the region had "three '
            'ships and thirty cables" and that the standby arrangement would shorten outages '
            '"from weeks to days, if the weather allows".',
        ),
        related=(
            RelatedLink(
                "Anchor-drag damage: what we know about the Baltic incidents",
                "/world/2026/11/18/baltic-anchor-drag-incidents-explained.html",
                "2 days ago",
            ),
            RelatedLink(
                "Finland opens inquiry into cargo ship detained off Porvoo",
                "/world/2026/11/17/finland-inquiry-cargo-ship-porvoo.html",
                "3 days ago",
            ),
        ),
        related_after=4,
        promo=_HARBOUR_PROMO,
    ),
    Page(
        site="harbour",
        path=_P2,
        title="Climate finance talks in Nairobi end with deal on disaster fund payouts",
        description="Countries hit by floods, droughts and storms will be able to claim a "
        "first payment within 60 days under rules agreed in the early hours of Friday.",
        section="World",
        tags=("Climate", "United Nations", "Kenya"),
        authors=("Daniel Otieno",),
        published=_utc(0, 40),
        modified=_utc(0, 40),
        body=(
            "Negotiators at United Nations climate finance talks in Nairobi agreed in the early "
            "hours of Friday on rules for paying out money from the global fund for climate "
            "disasters, ending a week of meetings that ran more than nine hours past their "
            "scheduled close.",
            "The deal sets up what delegates called a loss ledger mechanism: countries hit by "
            "floods, droughts or storms will be able to claim an initial payment within 60 days "
            "of a disaster, based on damage estimates checked by the World Bank, instead of "
            "waiting for a full assessment that can take years.",
            _fig(
                _P2,
                1,
                "Grace Odhiambo speaks from a podium",
                "Kenya's environment minister Grace Odhiambo speaks at the closing session at "
                "the United Nations Office at Nairobi",
                "Brian Kiprono/Harbour Gazette",
            ),
            "Kenya's environment minister, Grace Odhiambo, who chaired the final session, told "
            'delegates shortly after 2 a.m. that the agreement showed "multilateralism can still '
            'deliver when the people in the room remember who is outside it".',
            '"This is not the money we need, but it is the machinery we need," Odhiambo said '
            'afterwards. "When the next cyclone comes, nobody will have to beg."',
            "The fund, hosted by the World Bank and governed by a board of 26 countries, has "
            "received pledges of about $780 million, far less than the hundreds of billions of "
            "dollars a year that developing countries say they need. Under the new rules, no "
            "single claim can exceed 5 percent of the fund's resources.",
            "Farida Rahman, who led Bangladesh's delegation, said the cap was \"a compromise we "
            'can live with for now". Speaking to reporters outside the conference hall, she '
            'added: "Our coastal districts near Dhaka and Khulna lose land every monsoon. Sixty '
            "days is still a long time for a family without a roof, but it is better than six "
            'years."',
            "Delegates from the European Union and the United States pushed for stricter "
            "conditions on how the money is spent, according to two negotiators who asked not "
            "to be named because the talks were private. The final text asks recipient "
            "governments to publish a short report on each payment within a year.",
            "Tomás Ferreira, the UN envoy who brokered the final compromise, said the biggest "
            'obstacle had been trust rather than money. "Some countries worried the fund would '
            'become a bank with no rules," said Ferreira. "Others worried it would become rules '
            'with no bank. We found the space in between."',
            _fig(
                _P2,
                2,
                "Delegates sit around a table covered in papers late at night",
                "Delegates confer during the final night of talks in Nairobi",
                "Brian Kiprono/Harbour Gazette",
            ),
            "The African Union welcomed the agreement in a statement from Addis Ababa, calling "
            'it "a first instalment on a debt of justice". Campaigners were more cautious. Amina '
            "Yusuf of the Climate Justice Collective, a Nairobi-based group, said the fund "
            'remained "a bucket under a waterfall" unless wealthy nations raised their pledges.',
            "The rules will go to the next round of UN climate negotiations in Bonn in June for "
            "formal adoption. The first claims could be paid before the end of 2027, officials "
            "said.",
        ),
        related=(
            RelatedLink(
                "Who pays for climate damage? The fund explained",
                "/world/2026/11/18/climate-damage-fund-explained.html",
                "2 days ago",
            ),
            RelatedLink(
                "Floods in northern Kenya displace thousands",
                "/world/2026/11/13/kenya-floods-displace-thousands.html",
                "1 week ago",
            ),
        ),
        related_after=3,
        promo=_HARBOUR_PROMO,
    ),
    Page(
        site="harbour",
        path=_P3,
        title="Spanish prime minister Ana Ruiz survives confidence vote after late deal "
        "with Catalan party",
        description="Ruiz won 178 votes in the Congress of Deputies after promising billions "
        "for commuter rail around Barcelona.",
        section="Politics",
        tags=("Spain", "European Union", "Elections"),
        authors=("Lucía Ferrer", "Oliver Grant"),
        published=_utc(19, 5),
        modified=_utc(21, 20),
        body=(
            "Prime Minister Ana Ruiz survived a confidence vote in Spain's Congress of Deputies "
            "on Friday evening, securing 178 votes after a last-minute agreement with a Catalan "
            "regional party that had threatened to bring down her government over a dispute "
            "about rail investment.",
            "The vote, held in Madrid after two days of heated debate, ends a month of "
            "uncertainty that had unsettled bond markets and delayed the approval of next "
            "year's budget. Ruiz needed an absolute majority of 176 in the 350-seat chamber.",
            _fig(
                _P3,
                1,
                "Ana Ruiz gestures while speaking in parliament",
                "Prime Minister Ana Ruiz addresses the Congress of Deputies in Madrid before the "
                "vote",
                "Pablo Sanz/Harbour Gazette",
            ),
            'Speaking to the chamber before the count, Ruiz said her government had "listened, '
            'corrected and kept its word". She added: "Spain does not need another election. '
            "Spain needs trains that run, rents that people can pay and a government that "
            'finishes what it starts."',
            "The deal with the Catalan Progress Alliance, led by Jordi Puigvert, commits the "
            "government to €2.4 billion of investment in the commuter rail network around "
            "Barcelona over four years. Puigvert told reporters in the corridors of parliament "
            'that his party had "not signed a blank cheque".',
            '"We will vote for stability today, and we will be watching every euro tomorrow," '
            'Puigvert said. "If the money does not reach Barcelona, our votes will not reach '
            'Madrid."',
            "Opposition leader Carlos Medina accused Ruiz of buying support with public money. "
            '"This is not a government, it is an auction," said Medina, whose conservative '
            "party has led in most opinion polls since the summer.",
            "The alliance behind Ruiz, which commentators have nicknamed the orange-ribbon "
            "coalition after the ribbons its deputies wore during the last campaign, now "
            "includes five parties. Analysts say keeping them together through a budget vote "
            "in the spring will be harder.",
            "Elena Castillo, a political scientist at the Complutense University of Madrid, "
            "said the prime minister had bought time rather than security.",
            '"Ruiz has shown she can count to 176 when she has to," Castillo said. "The problem '
            "is that every time she does it, the price goes up, and the partners know it.",
            '"By the spring the question will not be whether she can win a vote, but whether '
            'she can afford to."',
            _fig(
                _P3,
                2,
                "Jordi Puigvert surrounded by microphones",
                "Jordi Puigvert speaks to journalists in Barcelona earlier this week",
                "Marta Vidal/Harbour Gazette",
            ),
            "The European Commission, which has been waiting for Spain's budget plans, said it "
            "took note of the result. A government spokeswoman said the draft budget would be "
            'sent to Brussels "within days" and that part of the rail investment would come '
            "from European recovery funds already allocated to Spain.",
            "Markets reacted calmly. The gap between Spanish and German ten-year borrowing "
            "costs narrowed slightly after the result was announced, traders in Madrid and "
            "London said.",
        ),
        related=(
            RelatedLink(
                "Why a rail dispute in Catalonia could topple Spain's government",
                "/politics/2026/11/18/catalonia-rail-dispute-explainer.html",
                "2 days ago",
            ),
            RelatedLink(
                "Profile: Ana Ruiz, the survivor of Spanish politics",
                "/politics/2026/11/16/profile-ana-ruiz.html",
                "4 days ago",
            ),
            RelatedLink(
                "Spanish bond spreads widen as coalition wobbles",
                "/business/2026/11/12/spanish-bond-spreads-widen.html",
                "1 week ago",
            ),
        ),
        related_after=5,
        promo=_HARBOUR_PROMO,
    ),
    Page(
        site="harbour",
        path=_P4,
        title="Mekong countries agree emergency water releases as drought shrinks river to "
        "record low",
        description="Laos, Thailand, Cambodia and Vietnam will coordinate dam releases after "
        "the river fell to its lowest November level on record.",
        section="World",
        tags=("Mekong", "Drought", "Asia", "Water"),
        authors=("Anh Tran",),
        published=_utc(12, 20),
        modified=_utc(13, 0),
        body=(
            "Governments along the Mekong River agreed on Friday to coordinate releases of water "
            "from upstream dams over the coming months, after the river fell to its lowest level "
            "for November since records began at the Thai town of Nong Khai more than a century "
            "ago.",
            "At an emergency meeting of the Mekong River Commission in Vientiane, the capital of "
            "Laos, officials from Laos, Thailand, Cambodia and Vietnam approved a dry-season "
            "release calendar that sets out how much water each of the main hydropower "
            "reservoirs will let through, and when.",
            _fig(
                _P4,
                1,
                "Wooden fishing boats lie on a sandbank beside a narrow river channel",
                "Fishing boats rest on exposed sandbanks of the Mekong near Phnom Penh",
                "Dara Keo/Harbour Gazette",
            ),
            '"The river does not know where our borders are, so we cannot manage it as if it '
            "did,\" said Somchai Vongsavath, the commission's chief executive, at a news "
            'conference after the meeting. "This calendar is the first time four countries have '
            'agreed, in writing, to move together."',
            "China, which operates eleven large dams on the upper stretch of the river, is a "
            "dialogue partner of the commission rather than a member. Vongsavath said Chinese "
            'officials had shared reservoir data for the meeting and had promised "to consider" '
            "increasing releases in January.",
            "In Cambodia, the drought has weakened the annual reversal of the Tonle Sap, the "
            "great lake that swells each year with water from the Mekong and supports one of "
            "the world's largest inland fisheries. Sopheap Chan, a senior official at Cambodia's "
            "fisheries administration, said catches in some provinces were down by half.",
            '"Families who have fished the lake for five generations are telling us they have '
            'never seen it like this," Chan told reporters in Phnom Penh.',
            "Further downstream, in Vietnam's Mekong Delta, salt water has pushed more than 60 "
            "kilometres inland, threatening rice paddies and fruit orchards. Nguyen Thi Lan, who "
            'farms two hectares of rice near Can Tho, said she had already lost one crop. "We '
            'used to plant three times a year," she said. "This year we will be lucky to plant '
            'twice."',
            "The Asian Development Bank will provide $150 million in emergency loans for "
            "irrigation pumps and drinking-water supplies in the delta, according to a statement "
            "released by the bank in Manila.",
            _fig(
                _P4,
                2,
                "Workers stand on a concrete sluice gate above a canal",
                "Workers in Can Tho repair a sluice gate built to keep salt water out of rice "
                "fields",
                "Hoang Minh/Northlight Images",
            ),
            "Scientists say weak monsoon rains, higher temperatures and the operation of dams "
            "have together altered the river's natural flood pulse. Kanya Prasert, a hydrologist "
            'at Chulalongkorn University in Bangkok, described the calendar as "a sensible first '
            'step", but said the four countries would need to share daily data from every dam, '
            "not just the largest ones, for it to work.",
            "The commission will meet again in Bangkok in February to review how the releases "
            "are working.",
        ),
        related=(
            RelatedLink(
                "In pictures: the Mekong at its lowest",
                "/world/2026/11/18/in-pictures-mekong-lowest.html",
                "2 days ago",
            ),
            RelatedLink(
                "Salt water creeps into Vietnam's rice bowl",
                "/world/2026/11/10/vietnam-delta-salinity.html",
                "10 days ago",
            ),
        ),
        related_after=4,
        promo=_HARBOUR_PROMO,
    ),
    Page(
        site="ledger",
        path=_P5,
        title="Straits Air and Hanbit Airways confirm merger talks to create Asia's "
        "fourth-largest carrier",
        description="The Singapore and South Korean airlines would combine 310 aircraft and "
        "routes to 140 cities; regulators are expected to scrutinise the deal.",
        section="Markets",
        tags=("Airlines", "Mergers", "Singapore", "South Korea"),
        authors=("Rachel Tan", "Min-jun Lee"),
        published=_utc(2, 15),
        modified=_utc(5, 40),
        body=(
            "Singapore-based Straits Air and South Korea's Hanbit Airways confirmed on Friday "
            "that they were in advanced talks about a merger that would create Asia's "
            "fourth-largest airline group by passenger numbers, with a combined fleet of 310 "
            "aircraft and routes to 140 cities.",
            "Shares in Straits Air rose 9 percent in Singapore trading, while Hanbit's shares "
            "were suspended in Seoul pending an announcement to the Korea Exchange. Neither "
            "company disclosed the value of the deal, but analysts estimated the combined group "
            "would be worth about $14 billion.",
            _fig(
                _P5,
                1,
                "Daniel Koh in front of an aircraft model",
                "Straits Air chief executive Daniel Koh at the company's headquarters near "
                "Changi Airport",
                "Lim Wei Ling/Northbridge Ledger",
            ),
            "“Asia is going to be the largest aviation market in the world, and scale is no "
            "longer optional,” said Daniel Koh, the chief executive of Straits Air, on a call "
            "with analysts. “Together we can offer travellers a twin-hub timetable that nobody "
            "else in the region can match.”",
            "Under the plan described by Koh, flights from Europe and the Middle East would "
            "connect through Changi Airport in Singapore, while flights to North America would "
            "be concentrated at Incheon International Airport near Seoul. Both brands would be "
            "kept for at least five years.",
            "Park Ji-won, the chair of Hanbit Airways, told reporters at Incheon that the two "
            "companies had “complementary networks and almost no overlap”. She said no jobs "
            "would be cut at Hanbit's maintenance base in Busan as a result of the deal.",
            _fig(
                _P5,
                2,
                "A white and red airliner on a taxiway",
                "A Hanbit Airways aircraft taxis at Incheon International Airport",
                "Kim Do-hyun/Northbridge Ledger",
            ),
            "Competition regulators are likely to take a close look. The Korea Fair Trade "
            "Commission spent more than three years reviewing a previous airline merger in the "
            "country, and the Competition and Consumer Commission of Singapore has said it "
            "examines airline tie-ups that affect routes from Changi.",
            "“The regulators will focus on the Singapore–Seoul and Singapore–Tokyo routes, "
            "where the two carriers together would have more than 60 percent of seats,” "
            "according to Sarah Lindgren, an aviation analyst at Halcyon Research in London. "
            "“Expect them to ask for slots to be handed to rivals.”",
            "The talks come as airlines in the region enjoy record demand, with passenger "
            "traffic in the Asia-Pacific above pre-pandemic levels, according to the "
            "International Air Transport Association. But carriers also face higher fuel costs "
            "and long delays in deliveries of new aircraft from Airbus and Boeing.",
            "A spokesman for Japan Airlines declined to comment on whether the Tokyo carrier, "
            "which has a code-share agreement with Hanbit, would review the partnership.",
            "Koh said the companies hoped to sign a binding agreement in the first quarter of "
            "next year. “We are not in a hurry to do this badly,” he said.",
        ),
        related=(
            RelatedLink(
                "Asian airlines post record summer traffic",
                "/markets/2026/11/18/asian-airlines-record-traffic.html",
                "2 days ago",
            ),
            RelatedLink(
                "Aircraft delivery delays: a guide for investors",
                "/markets/2026/11/14/aircraft-delivery-delays-guide.html",
                "6 days ago",
            ),
        ),
        promo=_LEDGER_PROMO,
    ),
    Page(
        site="ledger",
        path=_P6,
        title="ECB policymakers signal long pause on interest rates as eurozone inflation cools",
        description="A senior central banker says rates have reached a level that neither "
        "holds back nor stimulates the economy, as growth stalls.",
        section="Business",
        tags=("European Central Bank", "Interest rates", "Eurozone", "Inflation"),
        authors=("Claudia Weiss",),
        published=_utc(10, 45),
        modified=_utc(12, 10),
        body=(
            "Senior European Central Bank officials signalled on Friday that interest rates in "
            "the eurozone are likely to stay on hold well into next year, after new figures "
            "showed inflation in the single-currency area slowing to 1.9 percent in October, "
            "just below the bank's 2 percent target.",
            "Speaking at a banking conference in Frankfurt, ECB vice-president Matthias "
            "Oberholzer said the bank had reached what he called a patient plateau, with "
            "borrowing costs at a level that neither held back nor stimulated the economy.",
            _fig(
                _P6,
                1,
                "Matthias Oberholzer at a lectern",
                "ECB vice-president Matthias Oberholzer speaks at a banking conference in "
                "Frankfurt",
                "Jonas Albrecht/Northbridge Ledger",
            ),
            "“We have done the difficult part of the journey. The temptation now is to keep "
            "moving for the sake of movement, and we should resist it,” Oberholzer said. “Our "
            "next decision could go in either direction, and we are comfortable with that.”",
            "The central bank has kept its deposit rate at 2 percent since the summer, after a "
            "series of cuts that began in 2024. Investors are pricing in only a small chance of "
            "a further cut by next summer, according to futures markets.",
            "Not everyone on the ECB's governing council shares that view. Lucia Benedetti, "
            "governor of the Bank of Italy, told an audience in Rome that weakness in "
            "manufacturing meant the bank “should not close the door” to another reduction.",
            "Data published by Eurostat on Friday showed the euro-area economy grew by just 0.1 "
            "percent in the third quarter, with Germany's output flat and France's slightly "
            "higher. Italy's economy shrank for a second consecutive quarter.",
            _fig(
                _P6,
                2,
                "A glass skyscraper against a grey sky",
                "The European Central Bank's headquarters in Frankfurt's Ostend district",
                "Jonas Albrecht/Northbridge Ledger",
            ),
            "Economists said the split reflected a familiar divide within the currency union. "
            "“The hawks see wages still rising above 3 percent and want to wait. The doves see "
            "factories closing and want to act,” said Thomas Becker, chief European economist at "
            "Rhein Capital in Frankfurt. “Oberholzer is trying to keep both camps in the same "
            "room.”",
            "The euro fell 0.3 percent against the dollar after the remarks, to $1.12, while "
            "yields on German government bonds edged lower. Shares of European banks, which "
            "benefit from higher rates, slipped, led by Deutsche Bank and BNP Paribas.",
            "A spokeswoman for the ECB said the governing council would publish new staff "
            "forecasts at its December meeting. “The projections will give us a much clearer "
            "view of 2027 and 2028,” the spokeswoman said.",
            "In Paris, French finance minister Olivier Dumas welcomed the signal of stability, "
            "telling a radio station that “companies and households need to know where rates "
            "will be next year, not just next month”.",
        ),
        related=(
            RelatedLink(
                "Eurozone factory output falls for third month",
                "/business/2026/11/18/eurozone-factory-output-falls.html",
                "2 days ago",
            ),
            RelatedLink(
                "What a stronger euro means for exporters",
                "/business/2026/11/17/stronger-euro-exporters.html",
                "3 days ago",
            ),
        ),
        promo=_LEDGER_PROMO,
    ),
    Page(
        site="ledger",
        path=_P7,
        title="Copper prices jump as strike halts Chile's Cerro Plata mine",
        description="Benchmark copper hit a five-month high as a dispute over pay and safety "
        "at one of the world's largest mines entered its tenth day.",
        section="Business",
        tags=("Mining", "Copper", "Chile", "Commodities"),
        authors=("Ignacio Reyes",),
        published=_utc(14, 55),
        modified=_utc(16, 30),
        body=(
            "Copper prices rose to their highest level in five months on Friday after workers at "
            "the Cerro Plata mine in northern Chile, one of the world's ten largest copper mines, "
            "extended a strike over pay and safety that has halted production for nine days.",
            "Benchmark copper on the London Metal Exchange climbed 3.4 percent to $11,240 a "
            "tonne in morning trading, and prices in Shanghai rose by a similar amount. Chile is "
            "the world's largest producer of the metal, which is used in electric cables, motors "
            "and power grids.",
            _fig(
                _P7,
                1,
                "Miners in helmets hold a banner at a gate in the desert",
                "Striking miners gather at the entrance to the Cerro Plata mine in the Atacama "
                "Desert",
                "Camila Rojas/Northbridge Ledger",
            ),
            "The dispute began as a night-shift walkout on November 11 after a rockfall injured "
            "two workers, and it quickly spread to the mine's 4,200 employees. The union is "
            "demanding a 7 percent pay rise, more safety inspectors and a bonus linked to record "
            "profits.",
            "“We have not stopped working because of money alone. We stopped because our "
            "colleagues were hurt and nobody listened,” union leader Rodrigo Pizarro told "
            "reporters outside the mine gates, about 150 kilometres from the port city of "
            "Antofagasta. “When they listen, we will go back.”",
            "Andina Cobre, the company that operates the mine, said it had offered a 4.5 percent "
            "increase and a review of safety procedures by an independent engineering firm. Its "
            "chief executive, Valentina Soto, said in a statement that the company was “fully "
            "committed to an agreement” but warned that the strike was costing about 1,000 "
            "tonnes of copper a day.",
            "Chile's labour ministry has called both sides to a mediation meeting in Santiago on "
            "Monday. Labour minister Felipe Araya said the government wanted “a quick and fair "
            "agreement” because the mine's royalties paid for schools and hospitals in the "
            "Antofagasta region.",
            _fig(
                _P7,
                2,
                "Stacks of copper sheets on pallets at a port",
                "Copper cathodes stacked at the port of Antofagasta before export to China",
                "Camila Rojas/Northbridge Ledger",
            ),
            "The strike adds to supply problems elsewhere. Production has been disrupted this "
            "year in Peru, where protests blocked a highway used by trucks carrying concentrate "
            "to the coast near Lima, and in the Democratic Republic of the Congo, where flooding "
            "hit several mines.",
            "“The market was already tight, and Cerro Plata removes around 1 percent of world "
            "supply for as long as the strike lasts,” said Wei Zhang, a metals analyst at "
            "Pacific Rim Metals Research in Shanghai. “Smelters in China have very little "
            "inventory to fall back on.”",
            "Codelco, Chile's state-owned copper company, said its own operations were not "
            "affected. Shares in Andina Cobre, which are listed in Santiago and Toronto, fell 6 "
            "percent.",
        ),
        related=(
            RelatedLink(
                "Copper's long climb: five charts",
                "/markets/2026/11/18/copper-five-charts.html",
                "2 days ago",
            ),
            RelatedLink(
                "Peru protests block mining corridor",
                "/business/2026/11/06/peru-protests-mining-corridor.html",
                "2 weeks ago",
            ),
        ),
        promo=_LEDGER_PROMO,
    ),
    Page(
        site="ledger",
        path=_P8,
        title="Nigerian payments start-up PayKola soars in Lagos stock market debut",
        description="Shares rose 38 percent on the first day of trading in the largest "
        "technology listing on the Nigerian Exchange.",
        section="Business",
        tags=("Nigeria", "Fintech", "IPO"),
        authors=("Chioma Eze", "Kofi Mensah"),
        published=_utc(17, 30),
        modified=_utc(17, 30),
        body=(
            "Shares in PayKola, a Nigerian digital payments company, rose 38 percent on their "
            "first day of trading in Lagos on Friday, in the largest technology listing on the "
            "Nigerian Exchange and a rare bright spot for African stock markets this year.",
            "The company raised 310 billion naira, about $200 million, by selling a 15 percent "
            "stake. The retail portion of the offer sold out in eleven minutes, according to the "
            "company's advisers, and demand from international funds was more than four times "
            "the number of shares available.",
            _fig(
                _P8,
                1,
                "Adaeze Okonkwo smiles as she rings a bell",
                "PayKola founder Adaeze Okonkwo rings the bell at the Nigerian Exchange in Lagos",
                "Tobi Adeyemi/Northbridge Ledger",
            ),
            "“Ten years ago people told us Nigerians would never trust their money to a phone,” "
            "said Adaeze Okonkwo, PayKola's founder and chief executive, after ringing the "
            "opening bell. “Today twelve million of them do, every day.”",
            "PayKola processes payments for small businesses and provides mobile wallets to "
            "customers without bank accounts. It reported a profit of 41 billion naira in the "
            "first nine months of this year, compared with a loss a year earlier, helped by "
            "rising transaction fees and a lending business for market traders.",
            "The listing is seen as a test of investor confidence after currency reforms by the "
            "Central Bank of Nigeria that saw the naira lose more than two-thirds of its value "
            "against the dollar. Foreign investors have complained in the past about how hard it "
            "was to take their money out of the country.",
            _fig(
                _P8,
                2,
                "Crowded market stalls with a card reader on a counter",
                "Traders at Balogun Market in Lagos, where many stalls accept PayKola payments",
                "Tobi Adeyemi/Northbridge Ledger",
            ),
            "“Getting dollars out of Nigeria is much easier than it was two years ago, and that "
            "is why funds from London and New York were willing to take part,” according to "
            "Miriam Hale, a portfolio manager at Greywater Frontier Fund. “This listing will be "
            "watched closely in Nairobi, Accra and Cairo.”",
            "Chief financial officer Tunde Bakare told reporters the company would use the money "
            "to expand into Ghana and Kenya next year and to apply for a full banking licence in "
            "Nigeria. He said PayKola had no plans for a second listing in London or New York "
            "“for the time being”.",
            "Nigeria's finance minister, Halima Abdullahi, said in Abuja that the deal showed "
            "“Nigerian companies can raise serious capital at home”. The Securities and Exchange "
            "Commission said it had approved the offer in record time.",
            "Not every analyst is convinced. Segun Adebayo, head of research at the Lagos "
            "brokerage Eko Securities, said the shares were now valued at more than 30 times "
            "expected earnings. “It is a great company at a very full price,” he said.",
        ),
        related=(
            RelatedLink(
                "Africa's fintech funding slump, explained",
                "/business/2026/11/18/africa-fintech-funding-slump.html",
                "2 days ago",
            ),
            RelatedLink(
                "Naira steadies after central bank intervention",
                "/markets/2026/11/17/naira-steadies.html",
                "3 days ago",
            ),
        ),
        promo=_LEDGER_PROMO,
    ),
    Page(
        site="meridian",
        path=_P9,
        title="Antarctic ice core pushes climate record back 1.6 million years",
        description="Ice drilled in East Antarctica could show what carbon dioxide was doing "
        "when the rhythm of the ice ages changed.",
        section="Science",
        tags=("Climate science", "Antarctica", "Glaciology"),
        authors=("Hannah Moreau",),
        published=_utc(4, 5),
        modified=_utc(4, 50),
        body=(
            "An international team drilling in East Antarctica has recovered ice that is about "
            "1.6 million years old, extending the continuous record of Earth's climate and "
            "atmosphere by hundreds of thousands of years, researchers announced on Friday.",
            "The core was drilled at a remote site about 40 kilometres from the nearest research "
            "station, where strong winds scour away fresh snow and expose ancient layers close "
            "to the surface in what glaciologists call a blue-ice window.",
            '"Every bubble in this ice is a tiny sample of air from a world before our species '
            'existed," said Helena Marsh, a glaciologist at the British Antarctic Survey in '
            'Cambridge who co-led the project. "We can finally ask what carbon dioxide was doing '
            'when the rhythm of the ice ages changed."',
            _fig(
                _P9,
                1,
                "A scientist in a thick coat holds a cylinder of ice",
                "Helena Marsh inspects a section of the ice core in a freezer laboratory in Hobart",
                "Australian Antarctic Division",
            ),
            "About a million years ago, the cycle of ice ages shifted from roughly every 41,000 "
            "years to every 100,000 years, a change known as the Mid-Pleistocene Transition. Its "
            "cause remains one of the largest unsolved questions in climate science. Marsh said "
            "the new ice could show whether falling levels of carbon dioxide played a role.",
            "The project brought together scientists from the British Antarctic Survey, the "
            "Australian Antarctic Division and the Institute of Environmental Geosciences in "
            "Grenoble, France. The cores were flown to Hobart, in Tasmania, and will be cut into "
            "sections and shipped in refrigerated containers to laboratories in Europe, Japan "
            "and the United States.",
            "Kenji Watanabe of the National Institute of Polar Research in Tokyo said the oldest "
            'layers were "not a neat stack" but had been folded by the slow movement of the ice. '
            '"It is like reading a book where some pages have been shuffled," Watanabe said. "We '
            'need to put them back in order before we can trust the story."',
            _fig(
                _P9,
                2,
                "Two drillers work inside a tent around a drilling rig",
                "Drillers work in a tent at the camp on the East Antarctic plateau",
                "Tom Bradley/British Antarctic Survey",
            ),
            "To do that, the team will measure isotopes of argon trapped in the ice, which build "
            "up at a known rate and can be used to date each section independently.",
            "Other researchers welcomed the announcement but urged caution until the results "
            'are published in a peer-reviewed journal. "Old ice is exciting, but it is also easy '
            'to misread," said Professor Ruth Abernethy of the University of Canterbury in '
            "Christchurch, New Zealand, who was not involved in the work.",
            "A separate European project is drilling another core at Little Dome C, also in East "
            "Antarctica, with the goal of a continuous record reaching 1.5 million years. "
            "Comparing the two cores will help confirm what each one shows, scientists say.",
            "The first results on carbon dioxide and temperature from the new core are expected "
            "in late 2027.",
        ),
        related=(
            RelatedLink(
                "How do you date ice that is a million years old?",
                "/science/2026/11/18/dating-ancient-ice.html",
                "2 days ago",
            ),
            RelatedLink(
                "Antarctic sea ice hits winter low",
                "/science/2026/11/11/antarctic-sea-ice-low.html",
                "9 days ago",
            ),
        ),
        promo=_MERIDIAN_PROMO,
    ),
    Page(
        site="meridian",
        path=_P10,
        title="Seasonal malaria vaccine cuts child cases by 70 percent in Ghana trial",
        description="Three doses given before the rainy season protected young children for a "
        "year in a trial of 9,600 children.",
        section="Health",
        tags=("Malaria", "Vaccines", "Global health", "Ghana"),
        authors=("Efua Boateng",),
        published=_utc(8, 10),
        modified=_utc(10, 0),
        body=(
            "A new malaria vaccine given in three doses shortly before the rainy season reduced "
            "cases of the disease in young children by 70 percent over a year, according to "
            "results of a large trial in Ghana presented on Friday at a medical conference in "
            "Accra.",
            "The trial enrolled 9,600 children aged between five months and three years in the "
            "Ashanti and Northern regions. Half received the vaccine, known as MRV-3, and half "
            "received a rabies vaccine for comparison.",
            _fig(
                _P10,
                1,
                "A nurse in blue scrubs fills a syringe",
                "A nurse prepares a vaccine dose at a health centre near Kumasi",
                "Kojo Ansah/Meridian Science Review",
            ),
            '"This is the strongest protection we have seen from any malaria vaccine in a '
            "real-world setting, and it comes from a simple schedule that health workers can "
            'deliver," said Kwame Asante of the Kumasi Centre for Collaborative Research, who '
            "led the trial.",
            "Health workers gave the doses using what the researchers call a three-dose village "
            "schedule: nurses visited each community on fixed market days in April, May and "
            "June, so parents did not have to travel to clinics.",
            "The vaccine was developed at the University of Oxford. Professor Eleanor Whitfield, "
            'who leads the Oxford team, said the results were "better than we dared hope".',
            '"We designed it to be cheap, stable in ordinary fridges and easy to give. The '
            'people in Ghana who ran this trial are the ones who proved it works," Whitfield '
            "said.",
            _fig(
                _P10,
                2,
                "Women holding babies sit on benches under a tree",
                "Mothers and children wait for vaccination in a village in Ghana's Northern Region",
                "Kojo Ansah/Meridian Science Review",
            ),
            "Malaria killed about 600,000 people in 2024, most of them children under five in "
            "sub-Saharan Africa, according to the World Health Organization. Two malaria "
            "vaccines are already recommended by the WHO and are being rolled out in more than "
            "20 African countries, but supplies and funding remain limited.",
            "A WHO spokeswoman in Geneva said the organization's advisers would review the full "
            'data once it had been published. "Any tool that prevents deaths among children is '
            'welcome, but we need to see the complete results, including on safety," she said.',
            "No serious side effects linked to the vaccine were reported during the trial, the "
            "researchers said. The most common reactions were fever and pain at the injection "
            "site.",
            "Gavi, the vaccine alliance that helps pay for immunisation in low-income countries, "
            "said it was following the results closely. Abena Owusu, a deputy director of the "
            "Ghana Health Service, said the country hoped to add the vaccine to its national "
            'programme "as soon as the regulators are satisfied".',
        ),
        related=(
            RelatedLink(
                "Why malaria is moving to higher ground",
                "/science/2026/11/18/malaria-higher-ground.html",
                "2 days ago",
            ),
            RelatedLink(
                "Mosquito nets with a new insecticide show promise",
                "/science/2026/11/04/new-insecticide-nets.html",
                "16 days ago",
            ),
        ),
        promo=_MERIDIAN_PROMO,
    ),
    Page(
        site="meridian",
        path=_P11,
        title="Japanese-Indian lunar rover detects water ice near the Moon's south pole",
        description="Soil heated by the rover released water, suggesting ice makes up 1 to 3 "
        "percent of the ground near a permanently shadowed crater.",
        section="Space",
        tags=("Space", "Moon", "JAXA", "ISRO"),
        authors=("Kaito Hayashi",),
        published=_utc(22, 40),
        modified=_utc(22, 55),
        body=(
            "A rover sent to the Moon's south pole by the space agencies of Japan and India has "
            "found strong signs of water ice mixed into the soil just below the surface, mission "
            "scientists said on Friday, in a discovery that could shape plans for future crewed "
            "bases.",
            "The rover, part of a joint mission of the Japan Aerospace Exploration Agency and "
            "the Indian Space Research Organisation, took the measurements during what the team "
            "called a shadowed crater rim traverse, a slow drive along the edge of a crater "
            "where parts of the ground have not seen sunlight for billions of years.",
            _fig(
                _P11,
                1,
                "Grey lunar terrain with a dark crater edge",
                "An image from the rover's navigation camera shows the rim of the crater",
                "JAXA/ISRO",
            ),
            '"For the first time we are not looking at the Moon from orbit and guessing. We are '
            'touching it, heating it and counting the water that comes out," said Meera '
            "Iyengar, the mission's deputy project scientist, at a briefing in Bengaluru.",
            "The rover's instruments heated small samples of soil and measured the gases "
            "released. Iyengar said the results suggested that water ice made up between 1 and "
            "3 percent of the soil by weight in the top layer near the crater.",
            "Takeshi Morimoto, the project manager at JAXA's Sagamihara campus near Tokyo, told "
            'reporters that the rover was in good health but faced a difficult period. "The '
            "lunar night is coming. We will park the rover on a slope facing the Sun and hope it "
            'wakes up again in two weeks," Morimoto said.',
            _fig(
                _P11,
                2,
                "Engineers at rows of screens in a control room",
                "Engineers monitor the rover from the control room in Sagamihara",
                "Kaito Hayashi/Meridian Science Review",
            ),
            "Water on the Moon could be used for drinking, to grow food and, split into "
            "hydrogen and oxygen, as rocket fuel. NASA's Artemis programme, which aims to return "
            "astronauts to the lunar surface, has chosen landing regions near the south pole "
            "partly because of the possibility of ice.",
            '"The amount matters enormously," said Professor Laura Kessler, a planetary '
            'scientist at the University of Arizona in Tucson. "One percent ice is a scientific '
            "treasure. Ten percent would be an engineering resource. We still don't know where "
            'on that scale the south pole sits."',
            "The European Space Agency, which supplied a mass spectrometer for the rover, said "
            "in a statement from its technical centre in Noordwijk, in the Netherlands, that "
            'the instrument was "working beautifully".',
            "The rover is expected to operate for at least three more lunar days, travelling up "
            "to 2 kilometres further along the crater rim.",
        ),
        related=(
            RelatedLink(
                "Why everyone is going to the lunar south pole",
                "/science/2026/11/18/why-lunar-south-pole.html",
                "2 days ago",
            ),
            RelatedLink(
                "Rover survives first lunar night",
                "/science/2026/10/30/rover-survives-lunar-night.html",
                "3 weeks ago",
            ),
        ),
        promo=_MERIDIAN_PROMO,
    ),
)
