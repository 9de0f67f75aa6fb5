# tendik: строки интерфейса отчёта и панели мониторинга, русский язык.
#
# Те же сообщения, атрибуты и аргументы, что в en/tendik.ftl (проверяется тестом).
# Терминология — по русскоязычным отчётам MICS ЮНИСЕФ и Нацстаткома Кыргызской Республики.

## Общие слова

app-name = tendik
app-tagline = Мониторинг равенства для детей в Кыргызской Республике
country-name = Кыргызская Республика
national = По стране
no-data = Нет данных
not-applicable = Неприменимо
total = Всего
unit-percent = %
unit-percentage-points = процентные пункты
    .short = п. п.
language-en = Английский
language-ru = Русский
language-ky = Кыргызский
value-with-ci = { $value } (95% ДИ { $lower }–{ $upper })
ci-short = 95% ДИ
value-suppressed = * (менее 25 случаев)
value-caution = ({ $value }): 25–49 случаев

## Уровни территорий

level-national = По стране
    .plural = По стране
level-region = Область
    .plural = Области
level-district = Район
    .plural = Районы

## Отчёт: заголовок и разделы

report-title = Депривации детей в Кыргызской Республике
report-subtitle = Анализ множественных пересекающихся деприваций по данным { $survey }: депривации, неравенство и узкие места
report-generated = Подготовлено с помощью tendik { $version }, { $date }
report-toc = Содержание
report-section-headline = Основные показатели: депривации детей по возрастным группам
report-section-map = Депривации по областям
report-section-breakdowns = Депривации в разрезе социально-демографических характеристик
report-section-overlaps = Пересечение деприваций
report-section-distribution = Распределение детей по числу деприваций
report-section-equity = Разрывы и показатели неравенства
report-section-bottlenecks = Узкие места по территориям
report-section-methods = Методология
report-figure = Рисунок { $number }
report-table = Таблица { $number }
report-note = Примечание
report-source = Источник: { $source }
report-table-note = Значения в скобках основаны на 25–49 невзвешенных случаях и должны интерпретироваться с осторожностью; звёздочка (*) заменяет значение, основанное менее чем на 25 невзвешенных случаях.
report-headline-h = { $age_group }: { $value }% детей испытывают депривацию как минимум в { $k ->
        [one] { $k } измерении
       *[other] { $k } измерениях
    }.
report-headline-a = В среднем дети, испытывающие депривацию, лишены { $value }% измерений своей возрастной группы.
report-headline-m0 = Скорректированный индекс численности M0 = { $value }.
report-headline-most-common = Наиболее распространённая депривация — { $dimension } ({ $value }%).
report-not-computable = Не рассчитывается: { $what } ({ $reason })
report-language-note = Этот отчёт также доступен на английском, русском и кыргызском языках.

## Отчёт: методология

methods-intro = Отчёт подготовлен программой tendik по плану анализа «{ $plan }» и данным обследования, перечисленным ниже. Все значения — оценки по выборочному обследованию с учётом его дизайна, приведённые с 95-процентным доверительным интервалом.
methods-indicators-heading = Индикаторы и пороговые значения
methods-indicators-text = Ребёнок испытывает депривацию в измерении, если он лишён хотя бы по одному из его индикаторов. Учитываются только дети, у которых известны значения всех измерений их возрастной группы (полные наблюдения); если индикатор относится лишь к части возрастной группы, остальные дети считаются не испытывающими депривацию по нему.
methods-table-indicator = Индикатор
methods-table-dimension = Измерение
methods-table-age-groups = Возрастные группы
methods-table-definition = Определение и пороговое значение
methods-table-variables = Исходные переменные
methods-table-reference = Источник определения
methods-cutoffs-heading = Пороги (k)
methods-cutoffs-text = Ребёнок считается испытывающим многомерную депривацию при пороге k, если он лишён по k или более измерениям своей возрастной группы. H — доля таких детей, A — средняя доля измерений, по которым они лишены, M0 = H × A.
methods-cutoffs-list = Использованные пороги: { $cutoffs }
methods-design-heading = Дизайн выборки
methods-design-text = Оценки учитывают сложный дизайн выборки: стратификацию, кластеризацию и выборочные веса. Стандартные ошибки рассчитаны методом линеаризации рядом Тейлора; первичные единицы выборки рассматриваются как отобранные с возвращением внутри страт.
methods-design-strata = Страты: { $variable }
methods-design-psu = Первичные единицы выборки (кластеры): { $variable }
methods-design-weights = Выборочные веса: { $variable }
methods-design-level = Доверительная вероятность: { $level }%
methods-suppression-heading = Скрытие значений и надёжность
methods-suppression-text = Значения, основанные менее чем на 25 невзвешенных случаях, не приводятся (*); значения, основанные на 25–49 невзвешенных случаях, приведены в скобках и должны интерпретироваться с осторожностью.
methods-software-heading = Программное обеспечение
methods-software-text = Расчёты выполнены программой tendik { $version }.
methods-checksums-heading = Входные файлы и контрольные суммы
methods-checksums-text = Контрольные суммы SHA-256 плана анализа и всех входных файлов позволяют установить, по каким именно данным рассчитано каждое значение.
methods-table-file = Файл
methods-table-checksum = Контрольная сумма SHA-256
methods-not-computable-heading = Что не удалось рассчитать
methods-not-computable-text = Индикаторы, измерения и разрезы, которые нельзя рассчитать по имеющимся данным, с указанием причины.

## Диаграммы: заголовки, оси, легенды, карта

chart-rates-by-dimension = Уровень депривации по измерениям, { $age_group }
chart-by-breakdown = { $indicator }, { $by }
chart-by-region = { $indicator }, по областям
chart-distribution = Распределение детей по числу деприваций, { $age_group }
chart-overlaps = Пересечение деприваций, { $age_group }
chart-equity = { $indicator }: оценки по группам, { $age_group }
chart-gap-poorest-richest = Разрыв между беднейшим и богатейшим квинтилями
chart-determinants = Детерминанты: { $intervention }, { $area }
chart-headcount-by-cutoff = H, A и M0 в зависимости от порога k, { $age_group }
axis-percent-of-children = Доля детей, %
axis-number-of-deprivations = Число деприваций
axis-coverage = Охват, %
axis-estimate = Оценка, %
axis-group = Группа
axis-determinant = Детерминанта
axis-cutoff = Порог k
legend-title = Условные обозначения
legend-suppressed = Менее 25 случаев
legend-caution = 25–49 случаев, интерпретировать с осторожностью
legend-ci = 95-процентный доверительный интервал
legend-no-data = Нет данных
legend-national-average = Среднее по стране
legend-bottleneck = Узкое место: наибольшее снижение
legend-cases = { $count ->
        [one] { $count } случай
        [few] { $count } случая
       *[other] { $count } случаев
    }
legend-deprivations = { $count ->
        [one] { $count } депривация
        [few] { $count } депривации
       *[other] { $count } деприваций
    }
legend-deprived-in-all = Депривация во всех выбранных измерениях
map-title = { $indicator }, { $age_group }
map-tooltip = { $area }: { $value }% (95% ДИ { $lower }–{ $upper }), n = { $n }
map-tooltip-suppressed = { $area }: значение скрыто, менее 25 случаев (n = { $n })
map-tooltip-no-data = { $area }: нет данных
map-city-marker = Город республиканского значения

## Разрывы

gap-poorest-richest = Беднейший квинтиль — { $poorest }%, богатейший квинтиль — { $richest }%: разрыв { $difference } п. п.
gap-rural-urban = Село — { $rural }%, город — { $urban }%: разрыв { $difference } п. п.
gap-girls-boys = Девочки — { $girls }%, мальчики — { $boys }%: разрыв { $difference } п. п.
gap-difference = Разность «{ $group }» − «{ $reference }»: { $difference } п. п. (95% ДИ от { $lower } до { $upper }).
gap-ratio = Отношение «{ $group }» / «{ $reference }»: { $ratio }.
gap-highest-lowest = Наибольшее значение: { $highest_area } ({ $highest }%); наименьшее: { $lowest_area } ({ $lowest }%).
gap-significant = Разница статистически значима на уровне 5%.
gap-not-significant = Разница статистически не значима на уровне 5%.
gap-reference-group = Референтная группа: { $group }

## Показатели (Алкире–Фостер и MODA)

measure-h = Доля детей, испытывающих многомерную депривацию
    .symbol = H
    .help = Доля детей, лишённых как минимум по k измерениям.
measure-a = Интенсивность депривации
    .symbol = A
    .help = Средняя доля измерений, по которым лишены дети, испытывающие многомерную депривацию.
measure-m0 = Скорректированный индекс численности
    .symbol = M0
    .help = H × A: доля всех возможных деприваций всех детей, приходящаяся на детей, испытывающих многомерную депривацию.
measure-rate = Уровень депривации
    .symbol = %
    .help = Доля детей, испытывающих депривацию по измерению или индикатору.
measure-overlap = Пересечение
    .symbol = ∩
    .help = Доля детей, одновременно испытывающих депривацию во всех выбранных измерениях.
measure-count-distribution = Распределение по числу деприваций
    .symbol = #
    .help = Распределение детей по числу измерений, в которых они испытывают депривацию.
measure-contribution = Вклад
    .symbol = %
    .help = Доля M0, приходящаяся на каждое измерение.
measure-censored-headcount = Цензурированная доля
    .symbol = h(k)
    .help = Доля детей, испытывающих многомерную депривацию и лишённых по данному измерению.
measure-coverage = Охват
    .symbol = %
    .help = Доля целевой группы, охваченная на этом этапе.
measure-drop = Снижение
    .symbol = Δ
    .help = Охват на предыдущем этапе минус охват на этом этапе.

## Сводные показатели неравенства HEAT

inequality-heading = Сводные показатели неравенства
inequality-d = Разность (D)
    .help = Разность между двумя подгруппами, например беднейшей и богатейшей.
inequality-r = Отношение (R)
    .help = Отношение двух подгрупп, например беднейшей к богатейшей.
inequality-paf = Популяционная атрибутивная доля (PAF)
    .help = На сколько процентов улучшилось бы среднее по стране, если бы все подгруппы достигли уровня референтной подгруппы.
inequality-par = Популяционный атрибутивный риск (PAR)
    .help = На сколько процентных пунктов улучшилось бы среднее по стране, если бы все подгруппы достигли уровня референтной подгруппы.
inequality-aci = Абсолютный индекс концентрации (ACI)
    .help = Степень концентрации показателя среди менее или более благополучных групп, в единицах показателя.
inequality-rci = Относительный индекс концентрации (RCI)
    .help = ACI по отношению к среднему по стране, от −100 до 100.
inequality-sii = Индекс наклона неравенства (SII)
    .help = Разность между наиболее и наименее благополучными, оценённая регрессией по всем упорядоченным подгруппам.
inequality-rii = Относительный индекс неравенства (RII)
    .help = Отношение наиболее и наименее благополучных, оценённое регрессией по всем упорядоченным подгруппам.
inequality-bgv = Межгрупповая дисперсия (BGV)
    .help = Взвешенное среднее квадратов отклонений подгрупп от среднего по стране.
inequality-bgsd = Межгрупповое стандартное отклонение (BGSD)
    .help = Квадратный корень из межгрупповой дисперсии.
inequality-cov = Коэффициент вариации (COV)
    .help = Межгрупповое стандартное отклонение, делённое на среднее по стране, в процентах.
inequality-idisu = Индекс диспропорции, невзвешенный (IDISU)
    .help = Среднее абсолютное отклонение подгрупп от среднего по стране в процентах от среднего; все подгруппы учитываются одинаково.
inequality-idisw = Индекс диспропорции, взвешенный (IDISW)
    .help = Среднее абсолютное отклонение подгрупп от среднего по стране в процентах от среднего; подгруппы взвешены по численности населения.
inequality-mdbu = Средняя разность с наиболее благополучной подгруппой, невзвешенная (MDBU)
    .help = Среднее абсолютное отклонение подгрупп от подгруппы с лучшим значением; все подгруппы учитываются одинаково.
inequality-mdbw = Средняя разность с наиболее благополучной подгруппой, взвешенная (MDBW)
    .help = Среднее абсолютное отклонение подгрупп от подгруппы с лучшим значением; подгруппы взвешены по численности населения.
inequality-mdmu = Средняя разность со средним, невзвешенная (MDMU)
    .help = Среднее абсолютное отклонение подгрупп от среднего по стране; все подгруппы учитываются одинаково.
inequality-mdmw = Средняя разность со средним, взвешенная (MDMW)
    .help = Среднее абсолютное отклонение подгрупп от среднего по стране; подгруппы взвешены по численности населения.
inequality-mdru = Средняя разность с референтной подгруппой, невзвешенная (MDRU)
    .help = Среднее абсолютное отклонение подгрупп от референтной подгруппы; все подгруппы учитываются одинаково.
inequality-mdrw = Средняя разность с референтной подгруппой, взвешенная (MDRW)
    .help = Среднее абсолютное отклонение подгрупп от референтной подгруппы; подгруппы взвешены по численности населения.
inequality-ti = Индекс Тейла (TI)
    .help = Несоответствие между долей подгруппы в показателе и её долей в населении; 0 — неравенства нет.
inequality-mld = Среднее логарифмическое отклонение (MLD)
    .help = Взвешенное среднее логарифмов отношения среднего по стране к значению каждой подгруппы; 0 — неравенства нет.

## План: измерения

dimension-nutrition = Питание
dimension-health = Здоровье
dimension-water = Вода
dimension-sanitation = Санитария
dimension-housing = Жилищные условия
dimension-education = Образование и раннее обучение
dimension-information = Информация
dimension-protection = Защита

## План: возрастные группы

age-group-0-23-months = 0–23 месяца
age-group-24-59-months = 24–59 месяцев
age-group-0-4-years = 0–4 года
age-group-5-14-years = 5–14 лет
age-group-15-17-years = 15–17 лет
age-group-5-17-years = 5–17 лет

## План: индикаторы (.short — для диаграмм и списков выбора)

indicator-stunted = Задержка роста: рост к возрасту ниже −2 СО от медианы стандартов ВОЗ 2006 г.
    .short = Задержка роста
indicator-wasted = Истощение: вес к росту ниже −2 СО от медианы стандартов ВОЗ 2006 г.
    .short = Истощение
indicator-underweight = Недостаточная масса тела: вес к возрасту ниже −2 СО от медианы стандартов ВОЗ 2006 г.
    .short = Недостаточная масса тела
indicator-no-dtp3 = Ребёнок 12–35 месяцев не получил три дозы вакцины, содержащей АКДС (пентавалентной)
    .short = Нет АКДС3 (Пента3)
indicator-no-measles = Ребёнок 12–35 месяцев не получил первую дозу вакцины, содержащей коревой компонент (КПК1)
    .short = Нет вакцины против кори (КПК1)
indicator-no-health-insurance = Ребёнок 5–17 лет не охвачен никаким медицинским страхованием
    .short = Нет медицинского страхования
indicator-no-basic-water = Нет базового доступа к питьевой воде: неулучшенный источник или улучшенный источник дальше 30 минут в оба конца
    .short = Нет базового доступа к питьевой воде
indicator-no-basic-sanitation = Нет базовых санитарных условий: неулучшенное сооружение, открытая дефекация или улучшенное сооружение, общее с другими домохозяйствами
    .short = Нет базовых санитарных условий
indicator-overcrowded = Перенаселённость: три человека и более на одну спальную комнату
    .short = Перенаселённость жилья
indicator-natural-floor = В жилище природный пол (земля, песок, навоз)
    .short = Природный пол
indicator-inadequate-roof = В жилище природная или примитивная крыша (нет крыши, солома, дёрн, циновка, пальмовые листья, доски, картон)
    .short = Неудовлетворительная крыша
indicator-inadequate-walls = В жилище природные или примитивные стены (нет стен, тростник, земля, глина, необлицованный саман, фанера, картон)
    .short = Неудовлетворительные стены
indicator-no-electricity = В домохозяйстве нет электричества
    .short = Нет электричества
indicator-unclean-cooking = Домохозяйство для приготовления пищи не использует в основном чистые виды топлива и технологии
    .short = Нет чистого топлива для приготовления пищи
indicator-no-ece = Ребёнок 3–4 лет не посещает программу дошкольного образования
    .short = Не посещает дошкольное образование
indicator-few-books = У ребёнка 24–59 месяцев дома меньше трёх детских книг
    .short = Меньше трёх детских книг
indicator-not-attending-school = Ребёнок школьного возраста (7 лет и старше на начало учебного года) не посещает школу
    .short = Не посещает школу
indicator-no-organised-learning = Ребёнок за год до возраста поступления в школу не посещает ни дошкольное учреждение, ни школу
    .short = Нет организованного обучения
indicator-no-information-device = В домохозяйстве нет телефона, радио, телевизора, компьютера и доступа к интернету
    .short = Нет средств получения информации
indicator-birth-not-registered = Рождение ребёнка не зарегистрировано
    .short = Рождение не зарегистрировано
indicator-violent-discipline-1-4 = Ребёнок 1–4 лет подвергался насильственным методам воспитания (психологической агрессии или физическому наказанию) за последний месяц
    .short = Насильственные методы воспитания (1–4 года)
indicator-violent-discipline-5-14 = Ребёнок 5–14 лет подвергался насильственным методам воспитания (психологической агрессии или физическому наказанию) за последний месяц
    .short = Насильственные методы воспитания (5–14 лет)
indicator-child-marriage = Девочка 15–17 лет состоит в браке или в союзе
    .short = Детский брак
indicator-functional-difficulty-2-4 = Ребёнок 2–4 лет испытывает функциональные трудности хотя бы в одной сфере
    .short = Функциональные трудности (2–4 года)
indicator-functional-difficulty-5-17 = Ребёнок 5–17 лет испытывает функциональные трудности хотя бы в одной сфере
    .short = Функциональные трудности (5–17 лет)

## План: разрезы (.by — для заголовков диаграмм)

breakdown-none = Всего (без разреза)
    .by = все дети
breakdown-region = Область
    .by = по областям
breakdown-area = Место проживания
    .by = по месту проживания
breakdown-wealth-quintile = Квинтиль индекса благосостояния
    .by = по квинтилям индекса благосостояния
breakdown-sex = Пол
    .by = по полу
breakdown-mother-education = Образование матери
    .by = по уровню образования матери
breakdown-functioning-2-4 = Функциональные трудности (2–4 года)
    .by = по наличию функциональных трудностей
breakdown-functioning-5-17 = Функциональные трудности (5–17 лет)
    .by = по наличию функциональных трудностей
breakdown-area-wealth = Место проживания и квинтиль благосостояния
    .by = по месту проживания и квинтилям благосостояния

## План: категории разрезов

category-urban = Город
category-rural = Село
category-male = Мальчики
category-female = Девочки
category-poorest = Беднейший
category-second = Второй
category-middle = Средний
category-fourth = Четвёртый
category-richest = Богатейший
category-pre-primary-or-none = Дошкольное или нет образования
category-primary = Начальное
category-lower-secondary = Основное среднее
category-upper-secondary = Среднее общее
category-vocational-or-higher = Профессиональное или высшее
category-mother-not-in-household = Мать не проживает в домохозяйстве
category-missing-dk = Нет ответа / не знает
category-no-functional-difficulty = Нет функциональных трудностей
category-functional-difficulty = Есть функциональные трудности
category-yes = Да
category-no = Нет

## План: мероприятия

intervention-immunisation = Иммунизация детей 12–23 месяцев
intervention-growth-feeding = Питание детей грудного и раннего возраста и их рост
intervention-water = Базовый доступ к питьевой воде
intervention-sanitation = Базовые санитарные условия
intervention-early-education = Дошкольное образование, 3–4 года
intervention-school = Школа: охват, посещаемость и своевременное завершение
intervention-birth-registration = Регистрация рождения детей до 5 лет
intervention-positive-discipline = Воспитание без насилия, дети 1–4 лет
intervention-monthly-benefit = Ежемесячное пособие малообеспеченным семьям с детьми «Үй-бүлөгө көмөк» (УБК), дети из беднейших 40%

## План: этапы-детерминанты (по мероприятию и номеру этапа)

step-immunisation-1 = Наличие вакцин
step-immunisation-2 = Укомплектованность кадрами (заполненные должности)
step-immunisation-3 = Пента1 (первичный охват)
step-immunisation-4 = Пента3 (непрерывность)
step-immunisation-5 = КПК1 (непрерывность)
step-immunisation-6 = Полная иммунизация (эффективный охват)
step-growth-feeding-1 = Доступность консультирования
step-growth-feeding-2 = Контакт по мониторингу роста
step-growth-feeding-3 = Исключительно грудное вскармливание (непрерывность)
step-growth-feeding-4 = Без задержки роста (эффективный охват)
step-water-1 = Водопровод в населённом пункте
step-water-2 = Улучшенный источник (доступ)
step-water-3 = Базовая услуга (использование)
step-water-4 = На территории домохозяйства и доступна при необходимости (качество)
step-sanitation-1 = Улучшенное санитарное сооружение (доступ)
step-sanitation-2 = Не используется совместно с другими домохозяйствами (базовая услуга)
step-early-education-1 = Места в дошкольных учреждениях
step-early-education-2 = Посещает программу дошкольного образования
step-school-1 = Когда-либо посещал(а) школу
step-school-2 = Посещает школу (непрерывность)
step-school-3 = Учится без отставания: в старших классах в 16–17 лет
step-birth-registration-1 = Орган записи актов гражданского состояния в пределах досягаемости
step-birth-registration-2 = Знают, как зарегистрировать рождение
step-birth-registration-3 = Рождение зарегистрировано
step-birth-registration-4 = Свидетельство о рождении предъявлено
step-positive-discipline-1 = Без жестоких физических наказаний
step-positive-discipline-2 = Без физических наказаний
step-positive-discipline-3 = Без насильственных методов воспитания за последний месяц
step-monthly-benefit-1 = Признаны имеющими право на пособие
step-monthly-benefit-2 = Знают о пособии
step-monthly-benefit-3 = Обратились за пособием
step-monthly-benefit-4 = Получают пособие

## Секторы, области детерминант и источники

sector-health = Здравоохранение
sector-nutrition = Питание
sector-wash = Водоснабжение, санитария и гигиена (WASH)
sector-education = Образование
sector-child-protection = Защита детей
sector-social-policy = Социальная политика
sector-drr = Снижение риска бедствий
sector-youth = Молодёжь
domain-enabling = Благоприятная среда
domain-supply = Предложение
domain-demand = Спрос
domain-quality = Качество
source-survey = Обследование домохозяйств
source-admin = Административные данные
source-enabling = Оценка благоприятной среды

## Узкие места

bottleneck = Узкое место
bottleneck-title = Узкие места: { $area }
bottleneck-intro = Для каждого мероприятия — доля целевой группы, охваченная на каждом этапе-детерминанте; узкое место — этап, на котором теряется наибольшая доля.
bottleneck-largest-drop = Наибольшее снижение: { $determinant } (−{ $drop } п. п.)
bottleneck-unknown = Узкое место определить нельзя: на одном или нескольких этапах слишком мало случаев.
bottleneck-rank = Место { $rank } из { $total }
bottleneck-areas-ranked = Территории по самому острому узкому месту
table-step = Этап
table-determinant = Детерминанта
table-domain = Область детерминант
table-source = Источник
table-coverage = Охват, %
table-drop = Снижение, п. п.
table-rank = Место

## Панель: навигация и выбор

dashboard-title = Дети в Кыргызской Республике: депривации, неравенство и узкие места
nav-home = Обзор
nav-national = По стране
nav-bottlenecks = Узкие места
nav-actions = Меры
nav-about = О панели
nav-report = Отчёт
nav-back-to = Назад: { $area }
nav-drill-down-hint = Нажмите на область на карте или на строку таблицы, чтобы увидеть её районы.
nav-drill-down-hint-district = Нажмите на район, чтобы увидеть его показатели.
nav-skip-to-content = Перейти к содержанию
nav-breadcrumb = Вы здесь
picker-indicator = Показатель
picker-breakdown = Разрез
picker-age-group = Возрастная группа
picker-language = Язык
picker-measure = Мера
picker-cutoff = Порог (k)
picker-intervention = Мероприятие
picker-level = Уровень
picker-apply = Показать
button-download-csv = Скачать CSV
button-download-xlsx = Скачать XLSX (Excel)
button-print = Печать
button-open-report = Открыть отчёт

## Панель: таблицы

table-caption = { $indicator }, { $age_group }, { $area }
table-area = Территория
table-group = Группа
table-estimate = Оценка, %
table-ci = 95% ДИ
table-lower = Нижняя граница
table-upper = Верхняя граница
table-se = Стандартная ошибка
table-deff = Эффект дизайна
table-n = n
    .title = Число невзвешенных случаев
table-reliability = Надёжность
table-weighted-n = Взвешенное число детей

## Признаки надёжности (MICS)

reliability-reliable = Надёжно
reliability-caution = Интерпретировать с осторожностью (25–49 случаев)
reliability-suppressed = Не приводится (менее 25 случаев)
reliability-unavailable = Нет данных

## Панель: заголовки страниц, о панели, подвал

page-title = { $page } · tendik
page-title-overview = Обзор: { $area }
page-title-area = { $indicator }: { $area }
page-title-bottlenecks = Узкие места: { $area }
page-title-actions = Причины и меры: { $area }
page-title-about = О панели мониторинга
page-title-not-found = Страница не найдена
page-title-error = Ошибка
about-text = Все значения — оценки по выборочному обследованию с учётом его дизайна: у каждой есть погрешность, показанная 95-процентным доверительным интервалом. Различия между территориями или группами, интервалы которых пересекаются, могут быть случайными.
about-aggregates = Панель показывает только агрегированные данные: ни одна запись об отдельном ребёнке или домохозяйстве не покидает сервер, а значения, основанные менее чем на 25 случаях, не приводятся.
about-sources = Источники: { $survey }; административные данные: { $admin }.
about-software = Сделано с помощью tendik { $version }, свободного программного обеспечения.
footer-text = tendik { $version } · Оценки с учётом дизайна выборки и 95-процентными доверительными интервалами · Только агрегированные данные
footer-data = Данные: { $source }

## Панель: ошибки

error-not-found = Страница не найдена: { $path }
error-unknown-area = Территории с кодом { $code } нет.
error-bad-parameter = Недопустимое значение «{ $value }» параметра { $parameter }. Допустимые значения: { $valid }.
error-no-results = Для этого выбора нет результатов.
error-internal = На сервере произошла ошибка. Попробуйте позже.
error-back-home = Вернуться к обзору

## Панель: причины и меры (только просмотр)

actions-title = Причины и меры
actions-intro = Причины и меры, согласованные партнёрами по этому узкому месту, из реестра.
actions-read-only = Только просмотр: реестр ведётся командой «tendik actions».
actions-none = Для этого узкого места меры не записаны.
actions-cause = Причина
actions-action = Мера
actions-owner = Ответственный
actions-due = Срок
actions-status = Статус
actions-overdue = Просрочено
actions-baseline = Исходный охват
actions-review = Сравнение с последним анализом
status-open = Открыто
status-in-progress = Выполняется
status-done = Выполнено
status-cancelled = Отменено
verdict-improved = Улучшение
verdict-worsened = Ухудшение
verdict-no-clear-change = Нет явных изменений
verdict-not-comparable = Несопоставимо
verdict-no-baseline = Нет исходного значения
