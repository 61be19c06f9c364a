"""Published facts about the built-in instruments, typed in by hand from the sources named above each block.

Nothing here is read from ``src/peerimpact/instruments/data/*.toml``: the tests in
``tests/instruments/test_instrument_files.py`` check the TOML files against these values, so a slip in either
place shows up as a failing test.

Source grades used in the comments:

* PUBLISHER -- the scale owner's own guide, page or syntax (Warwick Medical School, youthinmind, Stirling
  Council Educational Psychology Service, Smith et al., the OECD's PISA reports).
* PAPER -- the original or a validation paper (abstract read).
* COPY -- the fact as reproduced by a third party that cites the publisher (EEF spectrum database, a scoring
  script that reproduces the publisher's syntax, a journal box "reprinted with permission").
* UNCONFIRMED -- the value as transcribed by the author of this file, but the publisher's text could
  not be re-read while writing this file (only the opening of most pages was reachable); it must be checked
  against the printed guide before release.  Each such value says so where it is defined.

Item wording is not stored here (copyright); only keys, codes, labels and cut-offs.
"""

from __future__ import annotations

# ------------------------------------------------------------------------------------------------------------
# WEMWBS -- Warwick-Edinburgh Mental Wellbeing Scale
# PUBLISHER: Warwick Medical School, "Collect, score, analyse and interpret WEMWBS"
#   (warwick.ac.uk/fac/sci/med/research/platform/wemwbs/using/howto), section "Scoring": "The total score is
#   obtained by summing the score for each of the 14 items. The scoring range for each item is from 1 - 5 and
#   the total score is from 14-70."  Same wording on .../wemwbs/researchers/guidance/ ("Guidance on Scoring").
# PAPER: Tennant R et al. (2007) Health Qual Life Outcomes 5:63, doi:10.1186/1477-7525-5-63: 14 positively
#   worded items (so none reversed); alpha 0.89 (student sample) and 0.91 (population sample); test-retest
#   0.83 at one week.
# Response labels 1..5 as printed on the form (COPY: CamCOPS wemwbs.py "1 none of the time - 5 all of the
#   time"; public form reproductions list the five labels below).
# ------------------------------------------------------------------------------------------------------------
WEMWBS_ITEMS = 14
WEMWBS_OPTIONS = (
    ("None of the time", 1),
    ("Rarely", 2),
    ("Some of the time", 3),
    ("Often", 4),
    ("All of the time", 5),
)
WEMWBS_REVERSE: tuple[int, ...] = ()
WEMWBS_TOTAL_RANGE = (14, 70)
# Item order on the 14-item form (key words only, not the wording), COPY: CamCOPS wemwbs.py column comments.
WEMWBS_ITEM_KEYWORDS = (
    "optimistic",  # 1
    "useful",  # 2
    "relaxed",  # 3
    "interested in other people",  # 4
    "energy",  # 5
    "dealing with problems well",  # 6
    "thinking clearly",  # 7
    "feeling good about myself",  # 8
    "feeling close to others",  # 9
    "confident",  # 10
    "able to make up my own mind",  # 11
    "feeling loved",  # 12
    "interested in new things",  # 13
    "cheerful",  # 14
)
# Tennant et al. 2007 (abstract): reliability in the validation samples.
WEMWBS_TENNANT_2007 = {"alpha_student": 0.89, "alpha_population": 0.91, "test_retest_1_week": 0.83}
# PAPER: Clarke A et al. (2011) BMC Public Health 11:487, doi:10.1186/1471-2458-11-487 (abstract): 1,650
#   pupils aged 13-16 in six schools in England and Scotland; mean 48.8, SD 6.8, median 49; Cronbach's alpha
#   0.87 (n = 1517).
# COPY: EEF spectrum database, "Warwick-Edinburgh Mental Well-being Scale": test-retest after 7-14 days, ICC =
#   .66 (95% CI .59-.72) (Clarke et al. 2011).
WEMWBS_SCHOOL_NORMS = {"mean": 48.8, "sd": 6.8, "reliability": 0.87, "test_retest": 0.66, "n": 1650}
# PAPER: Maheswaran H et al. (2012) Health Qual Life Outcomes 10:156 (abstract): SEM 2.4 to 3.1 points across
#   twelve studies; "important improvement" judged at 2.77 SEM.  Distribution-based, not an anchor-based MIC.
WEMWBS_SEM_RANGE = (2.4, 3.1)
# Worked example (arithmetic of the published rule): every item "Some of the time" (3) gives 14 x 3 = 42.
WEMWBS_EXAMPLE_ALL_THREES = 42

# ------------------------------------------------------------------------------------------------------------
# SWEMWBS -- Short WEMWBS (7 items)
# PUBLISHER: Warwick "Guidance on Scoring": "The SWEMWBS is scored by first summing the score for each of the
#   seven items and then transforming the total score for each person according to a conversion table."
# Items = WEMWBS items 1, 2, 3, 6, 7, 9, 11, printed as items 1-7 on the SWEMWBS form (optimistic, useful,
#   relaxed, dealing with problems, thinking clearly, close to other people, make up own mind) -- COPY: CORC
#   SWEMWBS page ("uses seven of the WEMWBS's 14 statements"), the SWEMWBS item list in public scoring
#   scripts, and the WEMWBS order above.
# Conversion table (raw 7..35 -> metric): Warwick's published SWEMWBS conversion table (Stewart-Brown et al.
#   2009, Health Qual Life Outcomes 7:15, Rasch analysis; WEMWBS user guide v2, 2015).  The publisher's page
#   with the table was not reachable in full here; the 29 values below were typed from two independent public
#   reproductions that agree value for value (COPY: British-Warrior/agenoconcern
#   packages/server/src/lib/swemwbs-rasch.ts, and an R scoring script "metric_scores <- c(7.00, 9.51, ...)"),
#   and they match the SPEC's checks 7->7.00, 20->18.59, 35->35.00.
# ------------------------------------------------------------------------------------------------------------
SWEMWBS_ITEMS = 7
SWEMWBS_FROM_WEMWBS = (1, 2, 3, 6, 7, 9, 11)
SWEMWBS_OPTIONS = WEMWBS_OPTIONS
SWEMWBS_RAW_RANGE = (7, 35)
SWEMWBS_METRIC_RANGE = (7.00, 35.00)
SWEMWBS_CONVERSION = {
    7: 7.00,
    8: 9.51,
    9: 11.25,
    10: 12.40,
    11: 13.33,
    12: 14.08,
    13: 14.75,
    14: 15.32,
    15: 15.84,
    16: 16.36,
    17: 16.88,
    18: 17.43,
    19: 17.98,
    20: 18.59,
    21: 19.25,
    22: 19.98,
    23: 20.73,
    24: 21.54,
    25: 22.35,
    26: 23.21,
    27: 24.11,
    28: 25.03,
    29: 26.02,
    30: 27.03,
    31: 28.13,
    32: 29.31,
    33: 30.70,
    34: 32.55,
    35: 35.00,
}
SWEMWBS_SPEC_CHECKS = {7: 7.00, 20: 18.59, 35: 35.00}
# PAPER: Shah N et al. (2018) Health Qual Life Outcomes 16:239, doi:10.1186/s12955-018-1060-2 (abstract): 1
#   SEM = 1.03 points, 2.77 SEM = 2.87 points; "a change of between 1 and 3 points meets thresholds for
#   statistically important change ... Anchor based studies are necessary to confirm that such change
#   represents minimally important change".  So these are distribution-based thresholds, not an MIC.
SWEMWBS_SEM = 1.03
SWEMWBS_SEM_2_77 = 2.87
# PAPER: Ng Fat L et al. (2017) Qual Life Res 26:1129 (abstract): Health Survey for England 2010-2013, adults
#   16+, mean SWEMWBS 23.7 (men), 23.2 (women).  No SD in the abstract, so not usable for the RCI.
SWEMWBS_HSE_MEANS = {"men": 23.7, "women": 23.2}

# ------------------------------------------------------------------------------------------------------------
# SDQ -- Strengths and Difficulties Questionnaire, self-report 11-17
# PUBLISHER: youthinmind, "SDQ: Generating scores in SPSS / SAS / STATA" (sdqinfo.org/c1.html, c2.html,
#   c3.html): item numbers 1-25 and variable names (consid=1, restles=2, somatic=3, shares=4, tantrum=5,
#   loner=6, obeys=7, worries=8, caring=9, fidgety=10, friend=11, fights=12, unhappy=13, popular=14,
#   distrac=15, clingy=16, kind=17, lies=18, bullied=19, helpout=20, reflect=21, steals=22, oldbest=23,
#   afraid=24, attends=25); "if the first response category (not true ...) has been selected, this is coded as
#   zero, the next response category (somewhat true ...) is coded as one and so on".
# PUBLISHER syntax, as reproduced verbatim in public scripts (COPY: the youthinmind STATA syntax for the
#   self-report -- "recode sobeys (0=2) (1=1) (2=0)" for obeys, reflect, attends, friend, popular; "egen
#   semotion=rmean(ssomatic sworries sunhappy sclingy safraid) if nemotion>2" then "replace
#   semotion=round(semotion*5)"; likewise sconduct (stantrum robeys sfights slies ssteals), shyper (srestles
#   sfidgety sdistrac rreflect rattends), speer (sloner rfriend rpopular sbullied soldbest), sprosoc (sconsid
#   sshares scaring skind shelpout); "gen sebdtot=semotion+sconduct+shyper+speer" -- and the youthinmind R
#   syntax, "ifelse(snemotion<3, rowMeans(..., na.rm=TRUE), NA) * 5" then "floor(0.5 + x)"). So: a subscale
#   needs at least 3 of its 5 items; the mean of the answered items is multiplied by 5 and rounded half up
#   (Stata round(), SPSS RND and floor(0.5 + x) all send 2.5 to 3); the total is the plain sum of the four
#   difficulty subscales and is missing when any of them is missing (missing + number = missing in all three).
# ------------------------------------------------------------------------------------------------------------
SDQ_ITEMS = 25
SDQ_OPTIONS = (("Not True", 0), ("Somewhat True", 1), ("Certainly True", 2))
SDQ_REVERSE = (7, 11, 14, 21, 25)
SDQ_SUBSCALES = {
    "emotional": (3, 8, 13, 16, 24),
    "conduct": (5, 7, 12, 18, 22),
    "hyperactivity": (2, 10, 15, 21, 25),
    "peer": (6, 11, 14, 19, 23),
    "prosocial": (1, 4, 9, 17, 20),
}
SDQ_SUBSCALE_MIN_ANSWERED = 3  # "nemotion>2" / "snemotion<3" (missing count < 3)
SDQ_SUBSCALE_RANGE = (0, 10)
SDQ_TOTAL_DIFFICULTIES = ("emotional", "conduct", "hyperactivity", "peer")
SDQ_TOTAL_RANGE = (0, 40)
# Internalising = emotional + peer, externalising = conduct + hyperactivity (Goodman, Lamping & Ploubidis
#   2010, J Abnorm Child Psychol 38:1179; youthinmind's scoring guide suggests them for low-risk samples).
# COPY: Dutch 12-17 norms (Child Adolesc Psychiatry Ment Health 2022, 16:5, Table 2) report self-reported
#   internalising and externalising scores and note UK cut-offs are "not available for the externalizing and
#   internalizing" scales.
SDQ_INTERNALISING = ("emotional", "peer")
SDQ_EXTERNALISING = ("conduct", "hyperactivity")
SDQ_BROAD_RANGE = (0, 20)
# Worked example of the missing-item rule (SPEC section 4): 4 answered items summing to 2 -> mean 0.5 -> x 5
#   = 2.5 -> 3 (half up; Python's round would give 2).  3 answered items summing to 2 -> 3.333 -> 3.  Only 2
#   answered -> not scored (None).
SDQ_PRORATE_EXAMPLES = (((1, 1, 0, 0, None), 3), ((1, 1, 0, None, None), 3), ((2, 2, None, None, None), None))

# Four-band categorisation, self-report version (youthinmind "Scoring the SDQ", 4-band categorisation for the
# self-completed SDQ): integer score ranges, written as (label, low, high) inclusive.
# COPY (confirms the first boundary of each): Scottish Government Health and Wellbeing Census RAP,
#   12d_mental_health_and_wellbeing_sdq.R, "Newer 4-band categorisation": close to average = total <= 14,
#   emotional <= 4, conduct <= 3, hyperactivity <= 5, peer <= 2, prosocial >= 7 (and the original three-band
#   total "Normal" <= 15).
# COPY (same youthinmind table, teacher column, shows the format): PMC4830858 Table 1.
# COPY (all four bands, every scale): a clinical SDQ scorer's self-report table of band upper limits
#   tot [14, 17, 19], em [4, 5, 6], co [2, 3, 4], hy [5, 6, 7], pe [2, 3, 4], pr [7, 6, 5] (lower limits),
#   found in an independent check on 2026-11-23; it agrees with the census code on every first boundary
#   except conduct, where the census code's "<= 3" is the old three-band normal range.
# The publisher's printed table itself could not be reached here.
SDQ_BANDS = {
    "total_difficulties": (
        ("close to average", 0, 14),
        ("slightly raised", 15, 17),
        ("high", 18, 19),
        ("very high", 20, 40),
    ),
    "emotional": (
        ("close to average", 0, 4),
        ("slightly raised", 5, 5),
        ("high", 6, 6),
        ("very high", 7, 10),
    ),
    # conduct: 0-2 / 3 / 4 / 5-10 per a clinical scorer's self-report table (co: [2, 3, 4]); the Scottish
    # census code's "<= 3" is the old three-band normal range (independent check, 2026-11-23)
    "conduct": (("close to average", 0, 2), ("slightly raised", 3, 3), ("high", 4, 4), ("very high", 5, 10)),
    "hyperactivity": (
        ("close to average", 0, 5),
        ("slightly raised", 6, 6),
        ("high", 7, 7),
        ("very high", 8, 10),
    ),
    "peer": (("close to average", 0, 2), ("slightly raised", 3, 3), ("high", 4, 4), ("very high", 5, 10)),
    "prosocial": (("very low", 0, 4), ("low", 5, 5), ("slightly lowered", 6, 6), ("close to average", 7, 10)),
}
# Boundaries the brief singles out: total difficulties 14 is close to average, 15 slightly raised.
SDQ_TOTAL_EDGE = {
    14: "close to average",
    15: "slightly raised",
    17: "slightly raised",
    18: "high",
    20: "very high",
}
# PAPER: Goodman R (2001) J Am Acad Child Adolesc Psychiatry 40:1337 (abstract): mean Cronbach alpha .73 and
#   mean retest stability 0.62 over 4-6 months -- averaged over informants and scales, so not a self-report
#   figure.
SDQ_GOODMAN_2001_MEANS = {"alpha": 0.73, "retest_4_6_months": 0.62}

# ------------------------------------------------------------------------------------------------------------
# Stirling Children's Wellbeing Scale (SCWBS)
# PAPER: Liddle I & Carter GFA (2015) Emotional and psychological well-being in children: the development and
#   validation of the Stirling Children's Well-being Scale. Educational Psychology in Practice 31(2):174-185,
#   doi:10.1080/02667363.2015.1008409 -- 12 scored items, ages 8-15, two sub-components "Positive Outlook" and
#   "Positive Emotional State" (also edinstruments.com summary: 12 items, 12-60).
# Item order and the three social-desirability statements (2 "always told the truth", 7 "like everyone I have
#   met", 13 "always share my sweets"): COPY: BounceTogether's listing of the 15 statements; a public scoring
#   module citing "Appendix D of the published scale": wellbeing items 1, 3, 4, 5, 6, 8, 9, 10, 11, 12, 14, 15
#   (12-60), social desirability items 2, 7, 13.
# Response labels 1..5: COPY: same public implementation ("1 - Never" .. "5 - All of the time").
# COPY: EEF spectrum database, "Stirling Children's Well-being Scale" [S35]: Cronbach's alpha .82-.85;
#   test-retest 1 week r = .75.
# Subscale split -- UNCONFIRMED: Positive Outlook = 1, 3, 4, 5, 6, 8; Positive Emotional State = 9, 10, 11,
#   12, 14, 15 (the statements as printed in two blocks; the authors' report appendix D was not reachable
#   here).
# ------------------------------------------------------------------------------------------------------------
SCWBS_ITEMS = 15
SCWBS_OPTIONS = (
    ("Never", 1),
    ("Not much of the time", 2),
    ("Some of the time", 3),
    ("Quite a lot of the time", 4),
    ("All of the time", 5),
)
SCWBS_REVERSE: tuple[int, ...] = ()
SCWBS_SOCIAL_DESIRABILITY = (2, 7, 13)
SCWBS_SCORED = (1, 3, 4, 5, 6, 8, 9, 10, 11, 12, 14, 15)
SCWBS_TOTAL_RANGE = (12, 60)
SCWBS_POSITIVE_OUTLOOK = (1, 3, 4, 5, 6, 8)
SCWBS_POSITIVE_EMOTIONAL_STATE = (9, 10, 11, 12, 14, 15)
SCWBS_SUBSCALE_RANGE = (6, 30)
SCWBS_ALPHA_RANGE = (0.82, 0.85)
SCWBS_TEST_RETEST = 0.75

# ------------------------------------------------------------------------------------------------------------
# Brief Resilience Scale (BRS)
# PAPER: Smith BW, Dalen J, Wiggins K, Tooley E, Christopher P, Bernard J (2008) The Brief Resilience Scale:
#   assessing the ability to bounce back. Int J Behav Med 15:194-200, doi:10.1080/10705500802222972. COPY
#   (reprinted with permission from Smith et al. 2008, p.196, as Box 1 of an article on rcpjournals.org):
#   "scored by reverse coding items 2, 4, and 6 and finding the mean of the six items"; "1 = strongly
#   disagree, 2 = disagree, 3 = neutral, 4 = agree, 5 = strongly agree". Alpha .80-.91 across the four samples
#   of Smith et al. 2008 (COPY: Bio-protocol summary citing Smith 2008).
# PAPER: Smith BW, Epstein EM, Ortiz JA, Christopher PJ, Tooley EM (2013) The foundations of resilience: what
#   are the critical resources for bouncing back from stress? In Prince-Embury & Saklofske (eds) Resilience in
#   Children, Adolescents, and Adults, Springer, p.167-187 -- p.177: 1.00-2.99 low, 3.00-4.30 normal,
#   4.31-5.00 high resilience; mean 3.70 in 844 participants (COPY: PsyToolkit BRS page quoting Smith et al.
#   2013, p.177).
# ------------------------------------------------------------------------------------------------------------
BRS_ITEMS = 6
BRS_OPTIONS = (
    ("Strongly disagree", 1),
    ("Disagree", 2),
    ("Neutral", 3),
    ("Agree", 4),
    ("Strongly agree", 5),
)
BRS_REVERSE = (2, 4, 6)
BRS_RANGE = (1.0, 5.0)
# (label, low, high) as printed by Smith et al. 2013 p.177.
BRS_BANDS = (("low", 1.00, 2.99), ("normal", 3.00, 4.30), ("high", 4.31, 5.00))
BRS_EDGE = {2.99: "low", 3.00: "normal", 4.30: "normal", 4.31: "high", 1.0: "low", 5.0: "high"}
BRS_ALPHA_RANGE = (0.80, 0.91)
BRS_SMITH_2013_MEAN = 3.70
# Worked example (arithmetic of the published rule): answers 4, 2, 4, 2, 4, 2 -> items 2, 4, 6 reversed
#   (6 - 2 = 4) -> all six are 4 -> mean 4.0 ("normal").  Answers 5 x 6 -> reversed items become 1 ->
#   (5+1+5+1+5+1)/6 = 3.0.
BRS_EXAMPLES = (((4, 2, 4, 2, 4, 2), 4.0), ((5, 5, 5, 5, 5, 5), 3.0), ((1, 5, 1, 5, 1, 5), 1.0))

# ------------------------------------------------------------------------------------------------------------
# Children's Hope Scale (CHS)
# PAPER: Snyder CR, Hoza B, Pelham WE, Rapoff M, Ware L, Danovsky M, Highberger L, Rubinstein H, Stahl KJ
#   (1997) The development and validation of the Children's Hope Scale. J Pediatr Psychol 22(3):399-421,
#   doi:10.1093/jpepsy/22.3.399 -- abstract (PubMed 9212556): "A six-item dispositional self-report index ...
#   validated for use with children ages 8-16"; agency and pathways components.
# COPY (the printed scale with its scoring notes, reproduced "from PDF" on a public page): answers "1 None of
#   the time, 2 A little of the time, 3 Some of the time, 4 A lot of the time, 5 Most of the time, 6 All of the
#   time"; items in printed order alternate agency (1 doing pretty well, 3 as well as other kids my age, 5 things
#   done in the past will help) and pathways (2 many ways to get the things most important to me, 4 lots of ways
#   to solve a problem, 6 find ways when others want to quit); "the Pathways subscale score is the sum of items
#   2, 4 & 6. Hope is the sum of the three Pathways and the three Agency items. Scores can range from a low of 6
#   to a high of 36."  (Its agency line says "1, 2 & 5": a slip, item 2 is a pathways statement.)
# COPY: NCTSN measure page "Children's Hope Scale" (nctsn.org/measures/childrens-hope-scale): 6-point scale
#   1 = None of the time ... 6 = All of the time; Cronbach's alpha min .72, max .86, average .77; "1 week
#   test-retest reliability for the total score, assessed with 89 children, was r=.73, p<.001 (Snyder et al.,
#   1997)"; cost free, copyrighted no.
# COPY: EEF spectrum database "Children's Hope Scale": alpha .72-.86; test-retest 1 week r = .73, 1 month
#   r = .71; cost free; UK norms no.
# Norm mean/SD: Snyder et al. 1997 report sample means, but the article's tables could not be read here, so
#   none are typed (and none are shipped).
# ------------------------------------------------------------------------------------------------------------
CHS_ITEMS = 6
CHS_OPTIONS = (
    ("None of the time", 1),
    ("A little of the time", 2),
    ("Some of the time", 3),
    ("A lot of the time", 4),
    ("Most of the time", 5),
    ("All of the time", 6),
)
CHS_REVERSE: tuple[int, ...] = ()
CHS_AGENCY = (1, 3, 5)
CHS_PATHWAYS = (2, 4, 6)
CHS_TOTAL_RANGE = (6, 36)
CHS_SUBSCALE_RANGE = (3, 18)
CHS_ALPHA_RANGE = (0.72, 0.86)
CHS_TEST_RETEST_1_WEEK = 0.73
CHS_TEST_RETEST_1_WEEK_N = 89
CHS_AGES = (8, 16)
# Worked examples (arithmetic of the published rule, printed numbering):
#   answers 6, 1, 6, 1, 6, 1 -> agency 6 + 6 + 6 = 18, pathways 1 + 1 + 1 = 3, total 21;
#   answers 1, 2, 3, 4, 5, 6 -> agency 1 + 3 + 5 = 9, pathways 2 + 4 + 6 = 12, total 21.
CHS_EXAMPLES = (
    ((6, 1, 6, 1, 6, 1), {"total": 21, "agency": 18, "pathways": 3}),
    ((1, 2, 3, 4, 5, 6), {"total": 21, "agency": 9, "pathways": 12}),
    ((4, 4, 4, 4, 4, 4), {"total": 24, "agency": 12, "pathways": 12}),
)

# ------------------------------------------------------------------------------------------------------------
# School belonging: the six PISA sense-of-belonging statements (ST034Q01-ST034Q06)
# PUBLISHER: OECD (2017) PISA 2015 Results (Volume III): Students' Well-Being, chapter 7, doi:10.1787/
#   9789264273856-en; OECD (2019) PISA 2018 Results (Volume III), chapter 9, doi:10.1787/acd78851-en.
# COPY (World Database of Happiness, OECD 2017 / PISA 2015 entries, "Sense of belonging at school"): "Selfreport
#   on 6 statements  a: I feel like an outsider at school  b: I make friends easily at school  c: I feel like I
#   belong at school  d: I feel awkward and out of place in my school  e: other students seem to like me  f: I
#   feel lonely at school.  Each rated 4 strongly agree 3 agree 2 disagree 1 strongly disagree"; "The answers
#   to three items were reverse-coded so that higher values in the index indicate a greater sense of
#   belonging."  The three negative statements are a (outsider), d (awkward and out of place), f (lonely).
# PUBLISHER: PISA 2018 Technical Report ch. 16: BELONG is an IRT-scaled derived variable, so the mean below is
#   described as "mean of the PISA belonging items", never as BELONG.
# Licence: OECD Terms and Conditions -- reuse of OECD content with acknowledgement of the OECD as source and
#   copyright owner.
# ------------------------------------------------------------------------------------------------------------
BELONGING_ITEMS = 6
BELONGING_ITEM_KEYWORDS = (
    "outsider",  # 1, ST034Q01 (negative)
    "make friends easily",  # 2, ST034Q02
    "feel like I belong",  # 3, ST034Q03
    "awkward and out of place",  # 4, ST034Q04 (negative)
    "other students seem to like me",  # 5, ST034Q05
    "lonely",  # 6, ST034Q06 (negative)
)
BELONGING_NEGATIVE = (1, 4, 6)
BELONGING_OPTIONS = (
    ("Strongly disagree", 1),
    ("Disagree", 2),
    ("Agree", 3),
    ("Strongly agree", 4),
)
BELONGING_RANGE = (1.0, 4.0)
# Worked examples (reverse = 5 - code on items 1, 4, 6, then the mean of six):
#   all "Strongly agree" (4): positives 4, 4, 4; negatives 5 - 4 = 1 each -> (12 + 3) / 6 = 2.5;
#   negatives "Strongly disagree" (1 -> 4), positives "Strongly agree" (4) -> 24 / 6 = 4.0;
#   negatives "Agree" (3 -> 2), positives "Disagree" (2) -> 12 / 6 = 2.0.
BELONGING_EXAMPLES = (
    ((4, 4, 4, 4, 4, 4), 2.5),
    ((1, 4, 4, 1, 4, 1), 4.0),
    ((3, 2, 2, 3, 2, 3), 2.0),
    ((4, 1, 1, 4, 1, 4), 1.0),
)
