# tendik: отчеттун жана мониторинг панелинин интерфейс саптары, кыргыз тили.
#
# en/tendik.ftl файлындагыдай эле билдирүүлөр, атрибуттар жана аргументтер (тест текшерет).
#
# review: a careful first translation, not yet read by a native speaker. Please check
# these keys first (terminology with no settled Kyrgyz form, or phrasing we are unsure of):
#   measure-m0, measure-censored-headcount, measure-a.help, measure-m0.help
#   inequality-* (all 21 names and .help texts), inequality-heading
#   methods-design-text, methods-design-psu, methods-indicators-text, methods-cutoffs-text
#   value-with-ci, map-tooltip, table-ci, gap-difference ("ИИ" for ишеним интервалы)
#   unit-percentage-points.short ("п. п.")
#   table-estimate, axis-estimate, chart-equity ("баалоо" for an estimate)
#   picker-breakdown, breakdown-none, methods-not-computable-text ("бөлүштүрүү")
#   picker-measure ("ченем")
#   indicator-stunted, indicator-wasted, indicator-underweight (growth terms)
#   indicator-inadequate-roof, indicator-inadequate-walls (building materials)
#   indicator-no-organised-learning, indicator-unclean-cooking, indicator-child-marriage
#   category-lower-secondary, category-upper-secondary, category-pre-primary-or-none
#   intervention-growth-feeding, intervention-monthly-benefit
#   step-immunisation-2, step-growth-feeding-2, step-water-4, step-school-1, step-school-3,
#   step-birth-registration-1, step-positive-discipline-1, step-monthly-benefit-1
#   domain-enabling, domain-demand, source-enabling, sector-drr
#   bottleneck, bottleneck-* ("тоскоолдук" for a bottleneck)
#   intervention vs action: "иш-чара" (intervention) and "чара" (action)

## Жалпы сөздөр

app-name = tendik
app-tagline = Кыргыз Республикасындагы балдар үчүн теңдикти мониторингдөө
country-name = Кыргыз Республикасы
national = Өлкө боюнча
no-data = Маалымат жок
not-applicable = Колдонулбайт
total = Бардыгы
unit-percent = %
unit-percentage-points = пайыздык пункт
    .short = п. п.
language-en = Англис тили
language-ru = Орус тили
language-ky = Кыргыз тили
value-with-ci = { $value } (95% ИИ { $lower }–{ $upper })
ci-short = 95% ИИ
value-suppressed = * (25 учурдан аз)
value-caution = ({ $value }): 25–49 учур

## Аймактардын деңгээлдери

level-national = Өлкө боюнча
    .plural = Өлкө боюнча
level-region = Облус
    .plural = Облустар
level-district = Район
    .plural = Райондор

## Отчет: аталышы жана бөлүмдөрү

report-title = Кыргыз Республикасында балдардын депривациясы
report-subtitle = { $survey } маалыматтары боюнча бири-бири менен кесилишкен депривациялардын көп өлчөмдүү талдоосу: депривация, теңсиздик жана тоскоолдуктар
report-generated = tendik { $version } менен даярдалды, { $date }
report-toc = Мазмуну
report-section-headline = Негизги көрсөткүчтөр: жаш топтору боюнча балдардын депривациясы
report-section-map = Облустар боюнча депривация
report-section-breakdowns = Социалдык-демографиялык мүнөздөмөлөр боюнча депривация
report-section-overlaps = Депривациялардын кесилишүүсү
report-section-distribution = Балдардын депривациялардын саны боюнча бөлүштүрүлүшү
report-section-equity = Ажырымдар жана теңсиздиктин көрсөткүчтөрү
report-section-bottlenecks = Аймактар боюнча тоскоолдуктар
report-section-methods = Методология
report-figure = { $number }-сүрөт
report-table = { $number }-таблица
report-note = Эскертүү
report-source = Булак: { $source }
report-table-note = Кашаадагы маанилер 25–49 салмактанбаган учурга негизделген жана этияттык менен чечмеленүүгө тийиш; жылдызча (*) 25тен аз салмактанбаган учурга негизделген маанинин ордуна коюлат.
report-headline-h = { $age_group }: балдардын { $value }% кеминде { $k } өлчөмдө депривацияга кабылган.
report-headline-a = Депривацияга кабылган балдар орточо эсеп менен өз жаш тобунун өлчөмдөрүнүн { $value }% боюнча ажыратылган.
report-headline-m0 = Туураланган санак индекси M0 = { $value }.
report-headline-most-common = Эң кеңири таралган депривация — { $dimension } ({ $value }%).
report-not-computable = Эсептелбейт: { $what } ({ $reason })
report-language-note = Бул отчет англис, орус жана кыргыз тилдеринде да бар.

## Отчет: методология

methods-intro = Бул отчет tendik программасы менен «{ $plan }» талдоо планы жана төмөндө келтирилген изилдөө маалыматтары боюнча даярдалды. Бардык маанилер — тандама изилдөөнүн дизайнын эске алуу менен алынган баалоолор, 95% ишеним интервалы менен көрсөтүлгөн.
methods-indicators-heading = Көрсөткүчтөр жана босоголор
methods-indicators-text = Бала өлчөмдүн жок дегенде бир көрсөткүчү боюнча ажыратылса, ошол өлчөм боюнча депривацияга кабылган деп эсептелет. Өз жаш тобунун бардык өлчөмдөрү боюнча маанилери белгилүү балдар гана эсепке алынат (толук байкоолор); көрсөткүч жаш тобунун бир бөлүгүнө гана тиешелүү болсо, калган балдар ал боюнча депривацияга кабылбаган деп эсептелет.
methods-table-indicator = Көрсөткүч
methods-table-dimension = Өлчөм
methods-table-age-groups = Жаш топтору
methods-table-definition = Аныктама жана босого
methods-table-variables = Баштапкы өзгөрмөлөр
methods-table-reference = Аныктаманын булагы
methods-cutoffs-heading = Босоголор (k)
methods-cutoffs-text = Бала өз жаш тобунун k же андан көп өлчөмү боюнча ажыратылса, k босогосунда көп өлчөмдүү депривацияга кабылган деп эсептелет. H — мындай балдардын үлүшү, A — алар ажыратылган өлчөмдөрдүн орточо үлүшү, M0 = H × A.
methods-cutoffs-list = Колдонулган босоголор: { $cutoffs }
methods-design-heading = Тандаманын дизайны
methods-design-text = Баалоолор тандаманын татаал дизайнын эске алат: стратификацияны, кластерлөөнү жана тандама салмактарын. Стандарттык каталар Тейлор катары менен сызыктуулаштыруу ыкмасы аркылуу эсептелген; тандаманын баштапкы бирдиктери страталардын ичинде кайтаруу менен тандалган деп каралат.
methods-design-strata = Страталар: { $variable }
methods-design-psu = Тандаманын баштапкы бирдиктери (кластерлер): { $variable }
methods-design-weights = Тандама салмактары: { $variable }
methods-design-level = Ишеним деңгээли: { $level }%
methods-suppression-heading = Маанилерди жашыруу жана ишенимдүүлүк
methods-suppression-text = 25тен аз салмактанбаган учурга негизделген маанилер көрсөтүлбөйт (*); 25–49 салмактанбаган учурга негизделген маанилер кашаанын ичинде берилет жана этияттык менен чечмеленүүгө тийиш.
methods-software-heading = Программалык камсыздоо
methods-software-text = Эсептөөлөр tendik { $version } программасы менен аткарылды.
methods-checksums-heading = Киргизилүүчү файлдар жана текшерүү суммалары
methods-checksums-text = Талдоо планынын жана бардык киргизилүүчү файлдардын SHA-256 текшерүү суммалары ар бир маани так кайсы маалыматтар боюнча эсептелгенин аныктоого мүмкүндүк берет.
methods-table-file = Файл
methods-table-checksum = SHA-256 текшерүү суммасы
methods-not-computable-heading = Эсептөө мүмкүн болбогондор
methods-not-computable-text = Колдогу маалыматтар боюнча эсептөөгө мүмкүн болбогон көрсөткүчтөр, өлчөмдөр жана бөлүштүрүүлөр, себеби менен.

## Диаграммалар: аталыштары, октор, шарттуу белгилер, карта

chart-rates-by-dimension = Өлчөмдөр боюнча депривациянын деңгээли, { $age_group }
chart-by-breakdown = { $indicator }, { $by }
chart-by-region = { $indicator }, облустар боюнча
chart-distribution = Балдардын депривациялардын саны боюнча бөлүштүрүлүшү, { $age_group }
chart-overlaps = Депривациялардын кесилишүүсү, { $age_group }
chart-equity = { $indicator }: топтор боюнча баалоолор, { $age_group }
chart-gap-poorest-richest = Эң жакыр жана эң бай квинтилдердин ортосундагы ажырым
chart-determinants = Детерминанттар: { $intervention }, { $area }
chart-headcount-by-cutoff = k босогосуна жараша H, A жана M0, { $age_group }
axis-percent-of-children = Балдардын үлүшү, %
axis-number-of-deprivations = Депривациялардын саны
axis-coverage = Камтуу, %
axis-estimate = Баалоо, %
axis-group = Топ
axis-determinant = Детерминант
axis-cutoff = k босогосу
legend-title = Шарттуу белгилер
legend-suppressed = 25 учурдан аз
legend-caution = 25–49 учур, этияттык менен чечмелөө керек
legend-ci = 95% ишеним интервалы
legend-no-data = Маалымат жок
legend-national-average = Өлкө боюнча орточо
legend-bottleneck = Тоскоолдук: эң чоң төмөндөө
legend-cases = { $count } учур
legend-deprivations = { $count } депривация
legend-deprived-in-all = Тандалган бардык өлчөмдөр боюнча депривация
map-title = { $indicator }, { $age_group }
map-tooltip = { $area }: { $value }% (95% ИИ { $lower }–{ $upper }), n = { $n }
map-tooltip-suppressed = { $area }: маани жашырылган, 25 учурдан аз (n = { $n })
map-tooltip-no-data = { $area }: маалымат жок
map-city-marker = Республикалык маанидеги шаар

## Ажырымдар

gap-poorest-richest = Эң жакыр квинтиль — { $poorest }%, эң бай квинтиль — { $richest }%: ажырым { $difference } пайыздык пункт.
gap-rural-urban = Айыл — { $rural }%, шаар — { $urban }%: ажырым { $difference } пайыздык пункт.
gap-girls-boys = Кыздар — { $girls }%, эркек балдар — { $boys }%: ажырым { $difference } пайыздык пункт.
gap-difference = «{ $group }» − «{ $reference }» айырмасы: { $difference } пайыздык пункт (95% ИИ [{ $lower }; { $upper }]).
gap-ratio = «{ $group }» / «{ $reference }» катышы: { $ratio }.
gap-highest-lowest = Эң жогорку: { $highest_area } ({ $highest }%); эң төмөнкү: { $lowest_area } ({ $lowest }%).
gap-significant = Айырма 5% деңгээлинде статистикалык жактан маанилүү.
gap-not-significant = Айырма 5% деңгээлинде статистикалык жактан маанилүү эмес.
gap-reference-group = Таяныч топ: { $group }

## Көрсөткүчтөр (Алкир–Фостер жана MODA)

measure-h = Көп өлчөмдүү депривацияга кабылган балдардын үлүшү
    .symbol = H
    .help = Кеминде k өлчөм боюнча ажыратылган балдардын үлүшү.
measure-a = Депривациянын интенсивдүүлүгү
    .symbol = A
    .help = Көп өлчөмдүү депривацияга кабылган балдар ажыратылган өлчөмдөрдүн орточо үлүшү.
measure-m0 = Туураланган санак индекси
    .symbol = M0
    .help = H × A: бардык балдардын мүмкүн болгон бардык депривацияларынын ичинен көп өлчөмдүү депривацияга кабылган балдарга туура келген үлүш.
measure-rate = Депривациянын деңгээли
    .symbol = %
    .help = Өлчөм же көрсөткүч боюнча депривацияга кабылган балдардын үлүшү.
measure-overlap = Кесилишүү
    .symbol = ∩
    .help = Тандалган бардык өлчөмдөр боюнча бир эле учурда депривацияга кабылган балдардын үлүшү.
measure-count-distribution = Депривациялардын саны боюнча бөлүштүрүү
    .symbol = #
    .help = Балдардын депривацияга кабылган өлчөмдөрүнүн саны боюнча бөлүштүрүлүшү.
measure-contribution = Салым
    .symbol = %
    .help = M0дун ар бир өлчөмгө туура келген үлүшү.
measure-censored-headcount = Цензураланган үлүш
    .symbol = h(k)
    .help = Көп өлчөмдүү депривацияга кабылган жана ушул өлчөм боюнча ажыратылган балдардын үлүшү.
measure-coverage = Камтуу
    .symbol = %
    .help = Ушул баскычта камтылган максаттуу топтун үлүшү.
measure-drop = Төмөндөө
    .symbol = Δ
    .help = Мурунку баскычтагы камтуу менен ушул баскычтагы камтуунун айырмасы.

## HEAT теңсиздигинин жыйынтыктоочу көрсөткүчтөрү

inequality-heading = Теңсиздиктин жыйынтыктоочу көрсөткүчтөрү
inequality-d = Айырма (D)
    .help = Эки топтун ортосундагы айырма, мисалы, эң жакыр жана эң бай топтордун.
inequality-r = Катыш (R)
    .help = Эки топтун катышы, мисалы, эң жакыр топтун эң бай топко катышы.
inequality-paf = Популяциялык атрибутивдик үлүш (PAF)
    .help = Бардык топтор таяныч топтун деңгээлине жетсе, өлкө боюнча орточо көрсөткүч канча пайызга жакшырмак.
inequality-par = Популяциялык атрибутивдик тобокелдик (PAR)
    .help = Бардык топтор таяныч топтун деңгээлине жетсе, өлкө боюнча орточо көрсөткүч канча пайыздык пунктка жакшырмак.
inequality-aci = Концентрациянын абсолюттук индекси (ACI)
    .help = Көрсөткүч аз же көп камсыз болгон топтордо канчалык топтолгонун көрсөткүчтүн бирдиктеринде көрсөтөт.
inequality-rci = Концентрациянын салыштырмалуу индекси (RCI)
    .help = Өлкө боюнча орточо көрсөткүчкө карата ACI, −100дөн 100гө чейин.
inequality-sii = Теңсиздиктин жантаюу индекси (SII)
    .help = Эң жакшы жана эң начар абалдагы топтордун ортосундагы айырма, бардык иреттелген топтор боюнча регрессия менен бааланат.
inequality-rii = Теңсиздиктин салыштырмалуу индекси (RII)
    .help = Эң жакшы жана эң начар абалдагы топтордун катышы, бардык иреттелген топтор боюнча регрессия менен бааланат.
inequality-bgv = Топтор аралык дисперсия (BGV)
    .help = Ар бир топтун өлкө боюнча орточо көрсөткүчтөн четтөөсүнүн квадраттарынын салмактанган орточосу.
inequality-bgsd = Топтор аралык стандарттык четтөө (BGSD)
    .help = Топтор аралык дисперсиянын квадраттык тамыры.
inequality-cov = Вариация коэффициенти (COV)
    .help = Топтор аралык стандарттык четтөөнүн өлкө боюнча орточо көрсөткүчкө катышы, пайыз менен.
inequality-idisu = Диспропорция индекси, салмактанбаган (IDISU)
    .help = Топтордун өлкө боюнча орточо көрсөткүчтөн орточо абсолюттук четтөөсү, орточонун пайызы катары; бардык топтор бирдей эсептелет.
inequality-idisw = Диспропорция индекси, салмактанган (IDISW)
    .help = Топтордун өлкө боюнча орточо көрсөткүчтөн орточо абсолюттук четтөөсү, орточонун пайызы катары; топтор калктын саны боюнча салмактанат.
inequality-mdbu = Эң жакшы көрсөткүчтүү топтон орточо айырма, салмактанбаган (MDBU)
    .help = Топтордун эң жакшы көрсөткүчтүү топтон орточо абсолюттук четтөөсү; бардык топтор бирдей эсептелет.
inequality-mdbw = Эң жакшы көрсөткүчтүү топтон орточо айырма, салмактанган (MDBW)
    .help = Топтордун эң жакшы көрсөткүчтүү топтон орточо абсолюттук четтөөсү; топтор калктын саны боюнча салмактанат.
inequality-mdmu = Орточо көрсөткүчтөн орточо айырма, салмактанбаган (MDMU)
    .help = Топтордун өлкө боюнча орточо көрсөткүчтөн орточо абсолюттук четтөөсү; бардык топтор бирдей эсептелет.
inequality-mdmw = Орточо көрсөткүчтөн орточо айырма, салмактанган (MDMW)
    .help = Топтордун өлкө боюнча орточо көрсөткүчтөн орточо абсолюттук четтөөсү; топтор калктын саны боюнча салмактанат.
inequality-mdru = Таяныч топтон орточо айырма, салмактанбаган (MDRU)
    .help = Топтордун таяныч топтон орточо абсолюттук четтөөсү; бардык топтор бирдей эсептелет.
inequality-mdrw = Таяныч топтон орточо айырма, салмактанган (MDRW)
    .help = Топтордун таяныч топтон орточо абсолюттук четтөөсү; топтор калктын саны боюнча салмактанат.
inequality-ti = Тейл индекси (TI)
    .help = Топтун көрсөткүчтөгү үлүшү менен калктагы үлүшүнүн ортосундагы дал келбөөчүлүк; 0 — теңсиздик жок.
inequality-mld = Орточо логарифмдик четтөө (MLD)
    .help = Өлкө боюнча орточо көрсөткүчтүн ар бир топтун маанисине катышынын логарифмдеринин салмактанган орточосу; 0 — теңсиздик жок.

## План: өлчөмдөр

dimension-nutrition = Тамактануу
dimension-health = Ден соолук
dimension-water = Суу
dimension-sanitation = Санитария
dimension-housing = Турак жай шарттары
dimension-education = Билим берүү жана эрте окутуу
dimension-information = Маалымат
dimension-protection = Коргоо

## План: жаш топтору

age-group-0-23-months = 0–23 ай
age-group-24-59-months = 24–59 ай
age-group-0-4-years = 0–4 жаш
age-group-5-14-years = 5–14 жаш
age-group-15-17-years = 15–17 жаш
age-group-5-17-years = 5–17 жаш

## План: көрсөткүчтөр (.short — диаграммалар жана тандоо тизмелери үчүн)

indicator-stunted = Өсүүдөн артта калуу: жашына карата бою ДСУнун 2006-жылкы стандарттарынын медианасынан −2 СЧдан төмөн
    .short = Өсүүдөн артта калуу
indicator-wasted = Арыктоо: боюна карата салмагы ДСУнун 2006-жылкы стандарттарынын медианасынан −2 СЧдан төмөн
    .short = Арыктоо
indicator-underweight = Салмактын жетишсиздиги: жашына карата салмагы ДСУнун 2006-жылкы стандарттарынын медианасынан −2 СЧдан төмөн
    .short = Салмактын жетишсиздиги
indicator-no-dtp3 = 12–35 айлык бала АКДС камтыган (пентаваленттик) вакцинанын үч дозасын алган эмес
    .short = АКДС3 жок (Пента3)
indicator-no-measles = 12–35 айлык бала кызамыкка каршы вакцинанын биринчи дозасын (КПК1) алган эмес
    .short = Кызамыкка каршы вакцина жок (КПК1)
indicator-no-health-insurance = 5–17 жаштагы бала эч кандай медициналык камсыздандыруу менен камтылган эмес
    .short = Медициналык камсыздандыруу жок
indicator-no-basic-water = Ичүүчү сууга базалык жеткиликтүүлүк жок: жакшыртылбаган булак, же жакшыртылган булакка барып келүү 30 мүнөттөн ашык
    .short = Ичүүчү сууга базалык жеткиликтүүлүк жок
indicator-no-basic-sanitation = Базалык санитардык шарттар жок: жакшыртылбаган жай, ачык дефекация, же башка үй чарбалар менен бөлүшүлгөн жакшыртылган жай
    .short = Базалык санитардык шарттар жок
indicator-overcrowded = Жыштык: уктоочу бир бөлмөгө үч же андан көп адам
    .short = Турак жайдын жыштыгы
indicator-natural-floor = Турак жайдын полу табигый (топурак, кум, кык)
    .short = Табигый пол
indicator-inadequate-roof = Турак жайдын чатыры табигый же жөнөкөй (чатыр жок, камыш, чым, чий, пальма жалбырагы, тактай, картон)
    .short = Талапка жооп бербеген чатыр
indicator-inadequate-walls = Турак жайдын дубалдары табигый же жөнөкөй (дубал жок, камыш, топурак, ылай, капталбаган саман кыш, фанера, картон)
    .short = Талапка жооп бербеген дубалдар
indicator-no-electricity = Үй чарбасында электр жок
    .short = Электр жок
indicator-unclean-cooking = Үй чарбасы тамак бышырууда негизинен таза отунду жана технологияларды колдонбойт
    .short = Тамак бышыруу үчүн таза отун жок
indicator-no-ece = 3–4 жаштагы бала мектепке чейинки билим берүү программасына барбайт
    .short = Мектепке чейинки билим берүүгө барбайт
indicator-few-books = 24–59 айлык баланын үйүндө үчтөн аз балдар китеби бар
    .short = Үчтөн аз балдар китеби
indicator-not-attending-school = Мектеп жашындагы бала (окуу жылынын башында 7 жана андан улуу) мектепке барбайт
    .short = Мектепке барбайт
indicator-no-organised-learning = Мектепке кабыл алуу жашынан бир жаш кичүү бала мектепке чейинки мекемеге да, мектепке да барбайт
    .short = Уюшулган окутуу жок
indicator-no-information-device = Үй чарбасында телефон, радио, телевизор, компьютер жана интернетке жеткиликтүүлүк жок
    .short = Маалымат алуу каражаттары жок
indicator-birth-not-registered = Баланын төрөлүшү катталган эмес
    .short = Төрөлүшү катталган эмес
indicator-violent-discipline-1-4 = 1–4 жаштагы бала акыркы айда тарбиянын зомбулук ыкмаларына (психологиялык агрессияга же физикалык жазага) дуушар болгон
    .short = Зомбулук менен тарбиялоо (1–4 жаш)
indicator-violent-discipline-5-14 = 5–14 жаштагы бала акыркы айда тарбиянын зомбулук ыкмаларына (психологиялык агрессияга же физикалык жазага) дуушар болгон
    .short = Зомбулук менен тарбиялоо (5–14 жаш)
indicator-child-marriage = 15–17 жаштагы кыз учурда никеде же никесиз бирге жашайт
    .short = Эрте нике
indicator-functional-difficulty-2-4 = 2–4 жаштагы баланын жок дегенде бир чөйрөдө функционалдык кыйынчылыгы бар
    .short = Функционалдык кыйынчылык (2–4 жаш)
indicator-functional-difficulty-5-17 = 5–17 жаштагы баланын жок дегенде бир чөйрөдө функционалдык кыйынчылыгы бар
    .short = Функционалдык кыйынчылык (5–17 жаш)

## План: бөлүштүрүүлөр (.by — диаграммалардын аталыштары үчүн)

breakdown-none = Бардыгы (бөлүштүрүүсүз)
    .by = бардык балдар
breakdown-region = Облус
    .by = облустар боюнча
breakdown-area = Жашаган жери
    .by = жашаган жери боюнча
breakdown-wealth-quintile = Байлык индексинин квинтили
    .by = байлык индексинин квинтилдери боюнча
breakdown-sex = Жынысы
    .by = жынысы боюнча
breakdown-mother-education = Энесинин билими
    .by = энесинин билим деңгээли боюнча
breakdown-functioning-2-4 = Функционалдык кыйынчылыктар (2–4 жаш)
    .by = функционалдык кыйынчылыктардын болушу боюнча
breakdown-functioning-5-17 = Функционалдык кыйынчылыктар (5–17 жаш)
    .by = функционалдык кыйынчылыктардын болушу боюнча
breakdown-area-wealth = Жашаган жери жана байлык квинтили
    .by = жашаган жери жана байлык квинтилдери боюнча

## План: бөлүштүрүүлөрдүн категориялары

category-urban = Шаар
category-rural = Айыл
category-male = Эркек балдар
category-female = Кыздар
category-poorest = Эң жакыр
category-second = Экинчи
category-middle = Орточо
category-fourth = Төртүнчү
category-richest = Эң бай
category-pre-primary-or-none = Мектепке чейинки же билими жок
category-primary = Башталгыч
category-lower-secondary = Негизги орто
category-upper-secondary = Жалпы орто
category-vocational-or-higher = Кесиптик же жогорку
category-mother-not-in-household = Энеси үй чарбасында жашабайт
category-missing-dk = Жооп жок / билбейт
category-no-functional-difficulty = Функционалдык кыйынчылыгы жок
category-functional-difficulty = Функционалдык кыйынчылыгы бар
category-yes = Ооба
category-no = Жок

## План: иш-чаралар

intervention-immunisation = 12–23 айлык балдарды иммундаштыруу
intervention-growth-feeding = Эмчектеги жана жаш балдарды тамактандыруу жана алардын өсүшү
intervention-water = Ичүүчү сууга базалык жеткиликтүүлүк
intervention-sanitation = Базалык санитардык шарттар
intervention-early-education = Мектепке чейинки билим берүү, 3–4 жаш
intervention-school = Мектеп: камтуу, катышуу жана өз убагында аяктоо
intervention-birth-registration = 5 жашка чейинки балдардын төрөлүшүн каттоо
intervention-positive-discipline = Зомбулуксуз тарбия, 1–4 жаштагы балдар
intervention-monthly-benefit = Балдары бар аз камсыз болгон үй-бүлөлөргө ай сайын берилүүчү «Үй-бүлөгө көмөк» жөлөкпулу (ҮБК), эң жакыр 40% балдар

## План: детерминант-баскычтар (иш-чара жана баскычтын номери боюнча)

step-immunisation-1 = Вакциналардын болушу
step-immunisation-2 = Кадрлар менен камсыздалышы (ээленген кызмат орундары)
step-immunisation-3 = Пента1 (алгачкы камтуу)
step-immunisation-4 = Пента3 (үзгүлтүксүздүк)
step-immunisation-5 = КПК1 (үзгүлтүксүздүк)
step-immunisation-6 = Толук иммундаштыруу (натыйжалуу камтуу)
step-growth-feeding-1 = Кеңеш берүүнүн жеткиликтүүлүгү
step-growth-feeding-2 = Өсүүнү көзөмөлдөө боюнча байланыш
step-growth-feeding-3 = Бир гана эмчек эмизүү (үзгүлтүксүздүк)
step-growth-feeding-4 = Өсүүдөн артта калбаган (натыйжалуу камтуу)
step-water-1 = Калктуу конушта суу түтүгү системасы
step-water-2 = Жакшыртылган булак (жеткиликтүүлүк)
step-water-3 = Базалык кызмат (пайдалануу)
step-water-4 = Үй чарбасынын аймагында жана керек болгондо жеткиликтүү (сапат)
step-sanitation-1 = Жакшыртылган санитардык жай (жеткиликтүүлүк)
step-sanitation-2 = Башка үй чарбалар менен бөлүшүлбөйт (базалык кызмат)
step-early-education-1 = Мектепке чейинки мекемелердеги орундар
step-early-education-2 = Мектепке чейинки билим берүү программасына барат
step-school-1 = Качандыр бир мектепке барган
step-school-2 = Мектепке барат (үзгүлтүксүздүк)
step-school-3 = Артта калбай окуйт: 16–17 жашында жогорку класстарда
step-birth-registration-1 = Жарандык абалдын актыларын каттоо органы жеткиликтүү аралыкта
step-birth-registration-2 = Төрөлүштү кантип каттоону билишет
step-birth-registration-3 = Төрөлүшү катталган
step-birth-registration-4 = Төрөлгөндүгү тууралуу күбөлүк көрсөтүлгөн
step-positive-discipline-1 = Катаал дене жазасы жок
step-positive-discipline-2 = Дене жазасы жок
step-positive-discipline-3 = Акыркы айда зомбулук менен тарбиялоо болгон эмес
step-monthly-benefit-1 = Жөлөкпулга укуктуу деп табылган
step-monthly-benefit-2 = Жөлөкпул жөнүндө билишет
step-monthly-benefit-3 = Жөлөкпулга кайрылышкан
step-monthly-benefit-4 = Жөлөкпул алышат

## Секторлор, детерминанттардын чөйрөлөрү жана булактар

sector-health = Саламаттыкты сактоо
sector-nutrition = Тамактануу
sector-wash = Суу менен камсыздоо, санитария жана гигиена (WASH)
sector-education = Билим берүү
sector-child-protection = Балдарды коргоо
sector-social-policy = Социалдык саясат
sector-drr = Кырсыктардын тобокелдигин азайтуу
sector-youth = Жаштар
domain-enabling = Колдоочу чөйрө
domain-supply = Сунуш
domain-demand = Суроо-талап
domain-quality = Сапат
source-survey = Үй чарбаларын изилдөө
source-admin = Административдик маалыматтар
source-enabling = Колдоочу чөйрөнү баалоо

## Тоскоолдуктар

bottleneck = Тоскоолдук
bottleneck-title = Тоскоолдуктар: { $area }
bottleneck-intro = Ар бир иш-чара үчүн — ар бир детерминант-баскычта камтылган максаттуу топтун үлүшү; тоскоолдук — эң чоң үлүш жоголгон баскыч.
bottleneck-largest-drop = Эң чоң төмөндөө: { $determinant } (−{ $drop } пайыздык пункт)
bottleneck-unknown = Тоскоолдукту аныктоо мүмкүн эмес: бир же бир нече баскычта учурлар өтө аз.
bottleneck-rank = { $total } ичинен { $rank }-орун
bottleneck-areas-ranked = Эң курч тоскоолдугу боюнча иреттелген аймактар
table-step = Баскыч
table-determinant = Детерминант
table-domain = Детерминанттын чөйрөсү
table-source = Булак
table-coverage = Камтуу, %
table-drop = Төмөндөө, пайыздык пункт
table-rank = Орун

## Панель: навигация жана тандоо

dashboard-title = Кыргыз Республикасындагы балдар: депривация, теңсиздик жана тоскоолдуктар
nav-home = Жалпы көрүнүш
nav-national = Өлкө боюнча
nav-bottlenecks = Тоскоолдуктар
nav-actions = Чаралар
nav-about = Панель жөнүндө
nav-report = Отчет
nav-back-to = Артка: { $area }
nav-drill-down-hint = Райондорун көрүү үчүн картадагы облусту же таблицадагы сапты басыңыз.
nav-drill-down-hint-district = Көрсөткүчтөрүн көрүү үчүн районду басыңыз.
nav-skip-to-content = Мазмунга өтүү
nav-breadcrumb = Сиз бул жердесиз
picker-indicator = Көрсөткүч
picker-breakdown = Бөлүштүрүү
picker-age-group = Жаш тобу
picker-language = Тил
picker-measure = Ченем
picker-cutoff = Босого (k)
picker-intervention = Иш-чара
picker-level = Деңгээл
picker-apply = Көрсөтүү
button-download-csv = CSV жүктөп алуу
button-download-xlsx = XLSX (Excel) жүктөп алуу
button-print = Басып чыгаруу
button-open-report = Отчетту ачуу

## Панель: таблицалар

table-caption = { $indicator }, { $age_group }, { $area }
table-area = Аймак
table-group = Топ
table-estimate = Баалоо, %
table-ci = 95% ИИ
table-lower = Төмөнкү чек
table-upper = Жогорку чек
table-se = Стандарттык ката
table-deff = Дизайн эффекти
table-n = n
    .title = Салмактанбаган учурлардын саны
table-reliability = Ишенимдүүлүк
table-weighted-n = Балдардын салмактанган саны

## Ишенимдүүлүк белгилери (MICS)

reliability-reliable = Ишенимдүү
reliability-caution = Этияттык менен чечмелөө керек (25–49 учур)
reliability-suppressed = Көрсөтүлбөйт (25 учурдан аз)
reliability-unavailable = Маалымат жок

## Панель: беттердин аталыштары, панель жөнүндө, төмөнкү колонтитул

page-title = { $page } · tendik
page-title-overview = Жалпы көрүнүш: { $area }
page-title-area = { $indicator }: { $area }
page-title-bottlenecks = Тоскоолдуктар: { $area }
page-title-actions = Себептер жана чаралар: { $area }
page-title-about = Мониторинг панели жөнүндө
page-title-not-found = Бет табылган жок
page-title-error = Ката
about-text = Бардык маанилер — тандама изилдөөнүн дизайнын эске алуу менен алынган баалоолор: алардын ар биринин катасы бар, ал 95% ишеним интервалы менен көрсөтүлгөн. Интервалдары кесилишкен аймактардын же топтордун ортосундагы айырмалар кокустук болушу мүмкүн.
about-aggregates = Панель жалпыланган маалыматтарды гана көрсөтөт: айрым бала же үй чарба жөнүндө бир да жазуу серверден чыкпайт, ал эми 25тен аз учурга негизделген маанилер көрсөтүлбөйт.
about-sources = Булактар: { $survey }; административдик маалыматтар: { $admin }.
about-software = tendik { $version } эркин программалык камсыздоосу менен жасалган.
footer-text = tendik { $version } · Тандаманын дизайнын эске алган баалоолор, 95% ишеним интервалдары менен · Жалпыланган маалыматтар гана
footer-data = Маалыматтар: { $source }

## Панель: каталар

error-not-found = Бет табылган жок: { $path }
error-unknown-area = { $code } коду менен аймак жок.
error-bad-parameter = { $parameter } параметри үчүн «{ $value }» мааниси жараксыз. Жарактуу маанилер: { $valid }.
error-no-results = Бул тандоо боюнча жыйынтыктар жок.
error-internal = Серверде ката кетти. Кийинчерээк кайра аракет кылыңыз.
error-back-home = Жалпы көрүнүшкө кайтуу

## Панель: себептер жана чаралар (көрүү гана)

actions-title = Себептер жана чаралар
actions-intro = Өнөктөштөр ушул тоскоолдук боюнча макулдашкан себептер жана чаралар, реестрден.
actions-read-only = Көрүү гана: реестр «tendik actions» буйругу менен жүргүзүлөт.
actions-none = Бул тоскоолдук боюнча чаралар жазылган эмес.
actions-cause = Себеп
actions-action = Чара
actions-owner = Жооптуу
actions-due = Мөөнөтү
actions-status = Абалы
actions-overdue = Мөөнөтү өтүп кеткен
actions-baseline = Баштапкы камтуу
actions-review = Акыркы талдоо менен салыштыруу
status-open = Ачык
status-in-progress = Аткарылууда
status-done = Аткарылды
status-cancelled = Жокко чыгарылды
verdict-improved = Жакшырды
verdict-worsened = Начарлады
verdict-no-clear-change = Так өзгөрүү жок
verdict-not-comparable = Салыштырууга болбойт
verdict-no-baseline = Баштапкы маани жок
