# tendik: interface strings of the report and the dashboard, English.
#
# Every message here is also in ru/tendik.ftl and ky/tendik.ftl, with the same attributes
# and the same arguments (a test checks). Ids: see the crate documentation (src/lib.rs).
# Plan names (dimension-, age-group-, indicator-, intervention-, step-) are the plan's own
# English text: the report translates a plan's name only when it equals the text here.
# Arguments are snake case. Estimates arrive formatted ("23.4"); counts arrive as numbers.

## Shared words

app-name = tendik
app-tagline = Equity monitoring for children in the Kyrgyz Republic
country-name = Kyrgyz Republic
national = National
no-data = No data
not-applicable = Not applicable
total = Total
unit-percent = %
unit-percentage-points = percentage points
    .short = pp
language-en = English
language-ru = Russian
language-ky = Kyrgyz
value-with-ci = { $value } (95% CI { $lower }–{ $upper })
ci-short = 95% CI
value-suppressed = * (fewer than 25 cases)
value-caution = ({ $value }): 25–49 cases

## Area levels

level-national = National
    .plural = National
level-region = Region
    .plural = Regions
level-district = District
    .plural = Districts

## Report: title and sections

report-title = Child deprivation in the Kyrgyz Republic
report-subtitle = Multiple overlapping deprivation analysis of { $survey }: deprivation, equity and bottlenecks
report-generated = Produced with tendik { $version } on { $date }
report-toc = Contents
report-section-headline = Headline figures: child deprivation by age group
report-section-map = Deprivation by region
report-section-breakdowns = Deprivation by background characteristics
report-section-overlaps = Overlapping deprivations
report-section-distribution = Distribution of the number of deprivations
report-section-equity = Equity gaps and inequality measures
report-section-bottlenecks = Bottlenecks by area
report-section-methods = Methods
report-figure = Figure { $number }
report-table = Table { $number }
report-note = Note
report-source = Source: { $source }
report-table-note = Figures in parentheses are based on 25–49 unweighted cases and should be interpreted with caution; an asterisk (*) replaces a figure based on fewer than 25 unweighted cases.
report-headline-h = { $age_group }: { $value }% of children are deprived in at least { $k ->
        [one] { $k } dimension
       *[other] { $k } dimensions
    }.
report-headline-a = Deprived children are, on average, deprived in { $value }% of the dimensions of their age group.
report-headline-m0 = Adjusted headcount ratio M0 = { $value }.
report-headline-most-common = The most common deprivation is { $dimension } ({ $value }%).
report-not-computable = Not computable: { $what } ({ $reason })
report-language-note = This report is also available in English, Russian and Kyrgyz.

## Report: methods

methods-intro = This report was produced by tendik from the analysis plan “{ $plan }” and the survey data listed below. Every figure is a design-based estimate from a sample survey, shown with its 95% confidence interval.
methods-indicators-heading = Indicators and thresholds
methods-indicators-text = A child is deprived in a dimension if deprived in at least one of its indicators. Only children with a known value in every dimension of their age group are counted (complete cases); an indicator that applies to part of an age group counts the other children as not deprived.
methods-table-indicator = Indicator
methods-table-dimension = Dimension
methods-table-age-groups = Age groups
methods-table-definition = Definition and threshold
methods-table-variables = Source variables
methods-table-reference = Reference
methods-cutoffs-heading = Cut-offs (k)
methods-cutoffs-text = A child is multidimensionally deprived at cut-off k when deprived in k or more of the dimensions of their age group. H is the share of such children, A the average share of dimensions in which they are deprived, and M0 = H × A.
methods-cutoffs-list = Cut-offs used: { $cutoffs }
methods-design-heading = Survey design
methods-design-text = Estimates account for the complex sample design: stratification, clustering and sampling weights. Standard errors are computed by Taylor series linearization, with primary sampling units treated as sampled with replacement within strata.
methods-design-strata = Strata: { $variable }
methods-design-psu = Primary sampling units (clusters): { $variable }
methods-design-weights = Sampling weights: { $variable }
methods-design-level = Confidence level: { $level }%
methods-suppression-heading = Suppression and reliability
methods-suppression-text = Figures based on fewer than 25 unweighted cases are suppressed (*); figures based on 25–49 unweighted cases are shown in parentheses and should be interpreted with caution.
methods-software-heading = Software
methods-software-text = Computed with tendik { $version }.
methods-checksums-heading = Input files and checksums
methods-checksums-text = SHA-256 checksums of the plan and of every input file, so that each figure can be traced to the exact data it was computed from.
methods-table-file = File
methods-table-checksum = SHA-256 checksum
methods-not-computable-heading = What could not be computed
methods-not-computable-text = Indicators, dimensions and breakdowns that the data did not allow to compute, with the reason.

## Charts: titles, axes, legends, map

chart-rates-by-dimension = Deprivation rate by dimension, { $age_group }
chart-by-breakdown = { $indicator }, { $by }
chart-by-region = { $indicator }, by region
chart-distribution = Number of deprivations per child, { $age_group }
chart-overlaps = Overlapping deprivations, { $age_group }
chart-equity = { $indicator }: estimate of each group, { $age_group }
chart-gap-poorest-richest = Gap between the poorest and the richest quintile
chart-determinants = Determinants of { $intervention }, { $area }
chart-headcount-by-cutoff = H, A and M0 by cut-off k, { $age_group }
axis-percent-of-children = Percentage of children
axis-number-of-deprivations = Number of deprivations
axis-coverage = Coverage (%)
axis-estimate = Estimate (%)
axis-group = Group
axis-determinant = Determinant
axis-cutoff = Cut-off k
legend-title = Legend
legend-suppressed = Fewer than 25 cases
legend-caution = 25–49 cases, interpret with caution
legend-ci = 95% confidence interval
legend-no-data = No data
legend-national-average = National average
legend-bottleneck = Bottleneck: the largest drop
legend-cases = { $count ->
        [one] { $count } case
       *[other] { $count } cases
    }
legend-deprivations = { $count ->
        [one] { $count } deprivation
       *[other] { $count } deprivations
    }
legend-deprived-in-all = Deprived in all of them
map-title = { $indicator }, { $age_group }
map-tooltip = { $area }: { $value }% (95% CI { $lower }–{ $upper }), n = { $n }
map-tooltip-suppressed = { $area }: suppressed, fewer than 25 cases (n = { $n })
map-tooltip-no-data = { $area }: no data
map-city-marker = City of republican significance

## Equity gaps

gap-poorest-richest = Poorest quintile { $poorest }%, richest quintile { $richest }%: a gap of { $difference } percentage points.
gap-rural-urban = Rural { $rural }%, urban { $urban }%: a gap of { $difference } percentage points.
gap-girls-boys = Girls { $girls }%, boys { $boys }%: a gap of { $difference } percentage points.
gap-difference = Difference { $group } − { $reference }: { $difference } percentage points (95% CI { $lower } to { $upper }).
gap-ratio = Ratio { $group } / { $reference }: { $ratio }.
gap-highest-lowest = Highest: { $highest_area } ({ $highest }%); lowest: { $lowest_area } ({ $lowest }%).
gap-significant = The difference is statistically significant at the 5% level.
gap-not-significant = The difference is not statistically significant at the 5% level.
gap-reference-group = Reference group: { $group }

## Measures (Alkire–Foster and MODA)

measure-h = Multidimensional headcount ratio
    .symbol = H
    .help = Share of children deprived in at least k dimensions.
measure-a = Intensity of deprivation
    .symbol = A
    .help = Average share of dimensions in which multidimensionally deprived children are deprived.
measure-m0 = Adjusted headcount ratio
    .symbol = M0
    .help = H × A: the share of all possible deprivations of all children that deprived children experience.
measure-rate = Deprivation rate
    .symbol = %
    .help = Share of children deprived in the dimension or indicator.
measure-overlap = Overlap
    .symbol = ∩
    .help = Share of children deprived in all the selected dimensions at the same time.
measure-count-distribution = Distribution of the number of deprivations
    .symbol = #
    .help = Share of children by the number of dimensions in which they are deprived.
measure-contribution = Contribution
    .symbol = %
    .help = Share of M0 due to each dimension.
measure-censored-headcount = Censored headcount ratio
    .symbol = h(k)
    .help = Share of children who are multidimensionally deprived and deprived in the dimension.
measure-coverage = Coverage
    .symbol = %
    .help = Share of the target population reached at this step.
measure-drop = Drop
    .symbol = Δ
    .help = Coverage of the previous step minus coverage of this step.

## HEAT summary measures of inequality

inequality-heading = Summary measures of inequality
inequality-d = Difference (D)
    .help = Difference between two subgroups, such as the poorest and the richest.
inequality-r = Ratio (R)
    .help = Ratio of two subgroups, such as the poorest over the richest.
inequality-paf = Population attributable fraction (PAF)
    .help = Percentage improvement in the national average if every subgroup had the level of the reference subgroup.
inequality-par = Population attributable risk (PAR)
    .help = Improvement in the national average, in percentage points, if every subgroup had the level of the reference subgroup.
inequality-aci = Absolute concentration index (ACI)
    .help = How concentrated the indicator is among the disadvantaged or the advantaged, in the indicator's units.
inequality-rci = Relative concentration index (RCI)
    .help = ACI relative to the national average, from −100 to 100.
inequality-sii = Slope index of inequality (SII)
    .help = Difference between the most advantaged and the most disadvantaged, estimated by regression across all ordered subgroups.
inequality-rii = Relative index of inequality (RII)
    .help = Ratio between the most advantaged and the most disadvantaged, estimated by regression across all ordered subgroups.
inequality-bgv = Between-group variance (BGV)
    .help = Weighted average of the squared differences between each subgroup and the national average.
inequality-bgsd = Between-group standard deviation (BGSD)
    .help = Square root of the between-group variance.
inequality-cov = Coefficient of variation (COV)
    .help = Between-group standard deviation divided by the national average, in percent.
inequality-idisu = Index of disparity, unweighted (IDISU)
    .help = Average absolute difference between each subgroup and the national average, as a percentage of the average; subgroups count equally.
inequality-idisw = Index of disparity, weighted (IDISW)
    .help = Average absolute difference between each subgroup and the national average, as a percentage of the average; subgroups weighted by population size.
inequality-mdbu = Mean difference from best performing subgroup, unweighted (MDBU)
    .help = Average absolute difference between each subgroup and the best performing subgroup; subgroups count equally.
inequality-mdbw = Mean difference from best performing subgroup, weighted (MDBW)
    .help = Average absolute difference between each subgroup and the best performing subgroup; subgroups weighted by population size.
inequality-mdmu = Mean difference from mean, unweighted (MDMU)
    .help = Average absolute difference between each subgroup and the national average; subgroups count equally.
inequality-mdmw = Mean difference from mean, weighted (MDMW)
    .help = Average absolute difference between each subgroup and the national average; subgroups weighted by population size.
inequality-mdru = Mean difference from reference subgroup, unweighted (MDRU)
    .help = Average absolute difference between each subgroup and the reference subgroup; subgroups count equally.
inequality-mdrw = Mean difference from reference subgroup, weighted (MDRW)
    .help = Average absolute difference between each subgroup and the reference subgroup; subgroups weighted by population size.
inequality-ti = Theil index (TI)
    .help = Disproportionality between each subgroup's share of the indicator and its share of the population; 0 means no inequality.
inequality-mld = Mean log deviation (MLD)
    .help = Weighted average of the log ratios of the national average to each subgroup's estimate; 0 means no inequality.

## Plan: dimensions (the plan's labels)

dimension-nutrition = Nutrition
dimension-health = Health
dimension-water = Water
dimension-sanitation = Sanitation
dimension-housing = Housing
dimension-education = Education and early learning
dimension-information = Information
dimension-protection = Protection

## Plan: age groups (the plan's names)

age-group-0-23-months = 0-23 months
age-group-24-59-months = 24-59 months
age-group-0-4-years = 0-4 years
age-group-5-14-years = 5-14 years
age-group-15-17-years = 15-17 years
age-group-5-17-years = 5-17 years

## Plan: indicators (the plan's labels; .short for charts and pickers)

indicator-stunted = Stunted: height-for-age below -2 SD of the WHO 2006 median
    .short = Stunting
indicator-wasted = Wasted: weight-for-height below -2 SD of the WHO 2006 median
    .short = Wasting
indicator-underweight = Underweight: weight-for-age below -2 SD of the WHO 2006 median
    .short = Underweight
indicator-no-dtp3 = Child 12-35 months has not received three doses of DTP-containing (pentavalent) vaccine
    .short = No DTP3 (pentavalent 3)
indicator-no-measles = Child 12-35 months has not received a first dose of measles-containing vaccine (MMR1)
    .short = No measles vaccine (MMR1)
indicator-no-health-insurance = Child 5-17 is not covered by any health insurance
    .short = No health insurance
indicator-no-basic-water = No basic drinking water: unimproved source, or improved source more than 30 minutes round trip
    .short = No basic drinking water
indicator-no-basic-sanitation = No basic sanitation: unimproved facility, open defecation, or an improved facility shared with other households
    .short = No basic sanitation
indicator-overcrowded = Overcrowding: three or more people per sleeping room
    .short = Overcrowding
indicator-natural-floor = Dwelling has a natural floor (earth, sand, dung)
    .short = Natural floor
indicator-inadequate-roof = Dwelling has a natural or rudimentary roof (none, thatch, sod, mat, palm, planks, cardboard)
    .short = Inadequate roof
indicator-inadequate-walls = Dwelling has natural or rudimentary walls (none, cane, dirt, mud, uncovered adobe, plywood, cardboard)
    .short = Inadequate walls
indicator-no-electricity = Household has no electricity
    .short = No electricity
indicator-unclean-cooking = Household does not rely mainly on clean fuels and technologies for cooking
    .short = No clean cooking fuel
indicator-no-ece = Child 3-4 years does not attend early childhood education
    .short = Not in early childhood education
indicator-few-books = Child 24-59 months has fewer than three children's books at home
    .short = Fewer than three books
indicator-not-attending-school = Child of school age (7+ at the start of the school year) does not attend school
    .short = Not attending school
indicator-no-organised-learning = Child one year younger than the school entry age does not attend early childhood education or school
    .short = No organised learning
indicator-no-information-device = Household has no telephone, radio, television, computer or internet access
    .short = No information device
indicator-birth-not-registered = Child's birth is not registered
    .short = Birth not registered
indicator-violent-discipline-1-4 = Child 1-4 years experienced violent discipline (psychological aggression or physical punishment) in the past month
    .short = Violent discipline (1-4 years)
indicator-violent-discipline-5-14 = Child 5-14 years experienced violent discipline (psychological aggression or physical punishment) in the past month
    .short = Violent discipline (5-14 years)
indicator-child-marriage = Girl 15-17 years is currently married or in union
    .short = Child marriage
indicator-functional-difficulty-2-4 = Child 2-4 years has a functional difficulty in at least one domain
    .short = Functional difficulty (2-4 years)
indicator-functional-difficulty-5-17 = Child 5-17 years has a functional difficulty in at least one domain
    .short = Functional difficulty (5-17 years)

## Plan: breakdowns (.by for chart titles)

breakdown-none = Total (no breakdown)
    .by = all children
breakdown-region = Region
    .by = by region
breakdown-area = Area of residence
    .by = by area of residence
breakdown-wealth-quintile = Wealth index quintile
    .by = by wealth index quintile
breakdown-sex = Sex
    .by = by sex
breakdown-mother-education = Mother's education
    .by = by mother's education
breakdown-functioning-2-4 = Functional difficulty (2-4 years)
    .by = by functional difficulty
breakdown-functioning-5-17 = Functional difficulty (5-17 years)
    .by = by functional difficulty
breakdown-area-wealth = Area of residence and wealth quintile
    .by = by area of residence and wealth quintile

## Plan: categories of the breakdowns (by their English value labels)

category-urban = Urban
category-rural = Rural
category-male = Male
category-female = Female
category-poorest = Poorest
category-second = Second
category-middle = Middle
category-fourth = Fourth
category-richest = Richest
category-pre-primary-or-none = Pre-primary or none
category-primary = Primary
category-lower-secondary = Lower secondary
category-upper-secondary = Upper secondary
category-vocational-or-higher = Vocational or higher
category-mother-not-in-household = Mother not in household
category-missing-dk = Missing/DK
category-no-functional-difficulty = No functional difficulty
category-functional-difficulty = Has functional difficulty
category-yes = Yes
category-no = No

## Plan: interventions (the plan's labels)

intervention-immunisation = Immunisation of children 12-23 months
intervention-growth-feeding = Infant and young child feeding and growth
intervention-water = Basic drinking water
intervention-sanitation = Basic sanitation
intervention-early-education = Early childhood education, 3-4 years
intervention-school = School: enrolment, attendance and completion on time
intervention-birth-registration = Birth registration of children under 5
intervention-positive-discipline = Discipline without violence, children 1-4
intervention-monthly-benefit = Monthly benefit for poor families with children (UBK), children in the poorest 40%

## Plan: determinant steps, by intervention and position (the plan's determinants)

step-immunisation-1 = Vaccine availability
step-immunisation-2 = Staffed facilities (posts filled)
step-immunisation-3 = Penta1 (initial utilisation)
step-immunisation-4 = Penta3 (continuity)
step-immunisation-5 = MMR1 (continuity)
step-immunisation-6 = Full immunisation (effective coverage)
step-growth-feeding-1 = Counselling available
step-growth-feeding-2 = Growth monitoring contact
step-growth-feeding-3 = Exclusive breastfeeding (continuity)
step-growth-feeding-4 = Not stunted (effective coverage)
step-water-1 = Piped supply system in the settlement
step-water-2 = Improved source (access)
step-water-3 = Basic service (use)
step-water-4 = On premises and available when needed (quality)
step-sanitation-1 = Improved facility (access)
step-sanitation-2 = Not shared (basic service)
step-early-education-1 = Places in pre-school institutions
step-early-education-2 = Attends early childhood education
step-school-1 = Ever enrolled
step-school-2 = Attends school (continuity)
step-school-3 = On track: in upper secondary at 16-17
step-birth-registration-1 = Registry office within reach
step-birth-registration-2 = Knows how to register
step-birth-registration-3 = Registered
step-birth-registration-4 = Birth certificate seen
step-positive-discipline-1 = No severe physical punishment
step-positive-discipline-2 = No physical punishment
step-positive-discipline-3 = No violent discipline in the past month
step-monthly-benefit-1 = Assessed eligible
step-monthly-benefit-2 = Aware of the benefit
step-monthly-benefit-3 = Applied
step-monthly-benefit-4 = Receiving

## Sectors, determinant domains and sources

sector-health = Health
sector-nutrition = Nutrition
sector-wash = Water, sanitation and hygiene (WASH)
sector-education = Education
sector-child-protection = Child protection
sector-social-policy = Social policy
sector-drr = Disaster risk reduction
sector-youth = Youth
domain-enabling = Enabling environment
domain-supply = Supply
domain-demand = Demand
domain-quality = Quality
source-survey = Household survey
source-admin = Administrative data
source-enabling = Assessment of the enabling environment

## Bottlenecks

bottleneck = Bottleneck
bottleneck-title = Bottlenecks: { $area }
bottleneck-intro = For each intervention, the share of the target population that each determinant reaches; the bottleneck is the step where the largest share is lost.
bottleneck-largest-drop = Largest drop: { $determinant } (−{ $drop } percentage points)
bottleneck-unknown = The bottleneck cannot be determined: too few cases at one or more steps.
bottleneck-rank = Rank { $rank } of { $total }
bottleneck-areas-ranked = Areas ranked by their worst bottleneck
table-step = Step
table-determinant = Determinant
table-domain = Domain
table-source = Source
table-coverage = Coverage (%)
table-drop = Drop (percentage points)
table-rank = Rank

## Dashboard: navigation and pickers

dashboard-title = Children in the Kyrgyz Republic: deprivation, equity and bottlenecks
nav-home = Overview
nav-national = National
nav-bottlenecks = Bottlenecks
nav-actions = Actions
nav-about = About
nav-report = Report
nav-back-to = Back to { $area }
nav-drill-down-hint = Click a region on the map or a row of the table to see its districts.
nav-drill-down-hint-district = Click a district to see its figures.
nav-skip-to-content = Skip to content
nav-breadcrumb = You are here
picker-indicator = Indicator
picker-breakdown = Breakdown
picker-age-group = Age group
picker-language = Language
picker-measure = Measure
picker-cutoff = Cut-off (k)
picker-intervention = Intervention
picker-level = Level
picker-apply = Show
button-download-csv = Download CSV
button-download-xlsx = Download XLSX (Excel)
button-print = Print
button-open-report = Open the report

## Dashboard: tables

table-caption = { $indicator }, { $age_group }, { $area }
table-area = Area
table-group = Group
table-estimate = Estimate (%)
table-ci = 95% CI
table-lower = Lower bound
table-upper = Upper bound
table-se = Standard error
table-deff = Design effect
table-n = n
    .title = Number of unweighted cases
table-reliability = Reliability
table-weighted-n = Weighted number of children

## Reliability flags (MICS)

reliability-reliable = Reliable
reliability-caution = Interpret with caution (25–49 cases)
reliability-suppressed = Suppressed (fewer than 25 cases)
reliability-unavailable = Not available

## Dashboard: page titles, about, footer

page-title = { $page } · tendik
page-title-overview = Overview: { $area }
page-title-area = { $indicator } in { $area }
page-title-bottlenecks = Bottlenecks: { $area }
page-title-actions = Causes and actions: { $area }
page-title-about = About this dashboard
page-title-not-found = Page not found
page-title-error = Error
about-text = The figures are design-based estimates from a sample survey: each has a margin of error, shown as its 95% confidence interval. Differences between areas or groups whose intervals overlap may not be real.
about-aggregates = The dashboard shows aggregates only: no record of an individual child or household leaves the server, and figures based on fewer than 25 cases are not shown.
about-sources = Sources: { $survey }; administrative data: { $admin }.
about-software = Made with tendik { $version }, free software.
footer-text = tendik { $version } · Design-based estimates with 95% confidence intervals · Aggregates only
footer-data = Data: { $source }

## Dashboard: errors

error-not-found = Page not found: { $path }
error-unknown-area = There is no area with the code { $code }.
error-bad-parameter = Invalid value “{ $value }” for { $parameter }. Valid values: { $valid }.
error-no-results = No results for this selection.
error-internal = Something went wrong on the server. Please try again later.
error-back-home = Back to the overview

## Dashboard: causes and actions (read-only)

actions-title = Causes and actions
actions-intro = Causes and actions agreed by partners on this bottleneck, from the register.
actions-read-only = Read-only: the register is managed with “tendik actions”.
actions-none = No actions recorded for this bottleneck.
actions-cause = Cause
actions-action = Action
actions-owner = Responsible
actions-due = Due
actions-status = Status
actions-overdue = Overdue
actions-baseline = Baseline coverage
actions-review = Review against the latest analysis
status-open = Open
status-in-progress = In progress
status-done = Done
status-cancelled = Cancelled
verdict-improved = Improved
verdict-worsened = Worsened
verdict-no-clear-change = No clear change
verdict-not-comparable = Not comparable
verdict-no-baseline = No baseline
