# heat_golden.R -- golden figures for tendik's subgroup-estimate inequality path
# (`tendik inequality`, HEAT / HEAT Plus v6 conventions with tendik's fixes).
#
# Run from this folder (crates/tendik-measures/tests/golden) as:
#     Rscript heat_golden.R
# (about 10 s; stdout is a human-readable log with the cross-checks; only the CSV files are golden).
# It (re)writes, in this folder:
#   heat_input.csv      a HEAT Plus v6 upload template (20 columns, v6 order), 15 strata
#   heat_expected.csv   setting,date,indicator_abbr,dimension,measure,estimate,se,ci_lower,ci_upper
#                       one row per stratum x applicable measure (measure order below, strata in
#                       file order); for the simulated measures se/ci_lower/ci_upper are left empty
#   heat_simulated.csv  same columns, only the simulated measures, CIs from 400000 draws
#
# Versions used to produce the committed CSV files:
#   R version 4.2.2 Patched (2022-11-10 r83330), sandwich 3.0-2 (Debian r-cran-sandwich).
#   (survey is not used by this script.)
#
# Sources of the formulas
# -----------------------
#   [DEC]  tendik's inequality conventions (the "decisions" note that becomes docs/inequality.md),
#          rules 1-10 of the subgroup-estimate path; it wins where it differs from HEAT.
#   [HM6]  WHO heatmeasures (HEAT 6.0), github WHOequity/HEAT-Measures @ f4777e65a9f2; the per-measure
#          validation tests are data/HEAT_summary_measures_types.rda + R/validation-tests.R.
#   [TN6]  HEAT/HEAT Plus Technical Notes v6.0, ch. 3: 3.1.1 D, 3.1.2 R, 3.2.1 ACI, 3.2.2 RCI,
#          3.3.1 SII, 3.3.2 RII, 3.4.1 BGV, 3.4.2 BGSD, 3.4.3 COV, 3.5.1-3.5.8 MDMU MDMW MDBU MDBW
#          MDRU MDRW IDISU IDISW, 3.6.1 TI, 3.6.2 MLD, 3.7.1 PAF, 3.7.2 PAR.
#
# Per stratum (HM6 HEAT_create_input_list): sort by subgroup_order, drop rows whose estimate is
# missing; y_j estimate, sigma_j se, N_j population, p_j = N_j / sum N (all NA if any N_j is NA),
# s = indicator_scale, z = qnorm(0.975). SEuseful = no sigma_j missing (after the drop).
#   mu       [DEC 1]  sum p_j y_j if every population is present, else setting_average (first row).
#   measures [DEC 2]  binary (2 subgroups) -> D R PAF PAR; ordered > 2 -> + ACI RCI SII RII;
#                     non-ordered > 2 -> + BGV BGSD COV MDBU MDBW MDMU MDMW MDRU MDRW IDISU IDISW
#                     TI MLD. The class is decided per dimension over the whole file, as HM6's
#                     HEAT_choose_measures_dataset (the script checks that this equals the per-stratum
#                     row count for this file). Then HM6's per-measure skip tests, run on the whole
#                     stratum INCLUDING rows with a missing estimate (as HM6 does):
#                       all estimates 0; < 2 rows; exactly 2 subgroups (for the >2-only measures);
#                       "under 85%": fewer than 85% of the rows have an estimate, i.e. MORE than 15%
#                       missing ((1 - n_missing/n) < 0.85); population missing among rows with an
#                       estimate; setting-average tests; reference tests; D/R: binary with a missing
#                       estimate or ordered with the min/max-order estimate missing (see test_* below).
#   D, R     [DEC 3]  pair (hi, lo) as HM6 2.5 (ordered: adv/disadv flipped for adverse; reference:
#                     fav ref vs min(others), adverse max(others) vs ref; else max vs min).
#                     D = y_hi - y_lo, se sqrt(s_hi^2 + s_lo^2), normal CI (computed without SEuseful).
#                     R = y_hi / y_lo, se sqrt((s_hi^2 + R^2 s_lo^2) / y_lo^2), CI exp(ln R +- z se/R);
#                     all empty when R is infinite (y_lo = 0) [TN6 3.1.2, HM6 calc_r].
#   ACI, RCI [DEC 4]  X_j ridit (midpoint of cumulative share of N); ACI = sum p (2X - 1) y; RCI =
#                     ACI / mu_w, not x100. SE: HM6's "convenient regression": WLS of
#                     2 sigma_X^2 y (ACI) or 2 sigma_X^2 y / mu_w (RCI) on X with weights N_j, model
#                     (residual) SE with J - 2 df; normal CI. Point = WLS slope (= the closed form,
#                     checked below).
#   SII, RII [DEC 5]  N' = ceil(N), k = round(y/s N'), glm(cbind(k, N'-k) ~ X, weights = N',
#                     family = binomial) with X the ridit of N'; V = sandwich::vcovHC(type = "HC1")
#                     (= J/(J-2) B^-1 M B^-1, checked below); pi1 = expit(a+b), pi0 = expit(a).
#                     SII = s(pi1 - pi0), se = s SE_p (FIX), CI s(pi1 - pi0 +- z SE_p);
#                     RII = pi1/pi0, se = RII SE(ln RII) (FIX), CI exp(ln RII +- z SE(ln RII));
#                     delta method gradients analytic. Empty when some k > N' (y > s); RII outside
#                     [0, 700] -> empty (HM6 outlier rule). No flip for adverse.
#   BGV      [DEC 6]  sum p (y - mu)^2, se sqrt(4 sum p^2 s^2 (y-mu_w)^2 + 2[(sum p^2 s^2)^2
#                     - sum p^4 s^4 + sum p^2 (1-p)^2 s^4]) if SEuseful, normal CI [TN6 3.4.1].
#   TI, MLD  [DEC 7]  y0 = y with 0 -> 1e-6, r = y0/mu; TI = 1000 sum p r ln r, MLD = 1000 sum p (-ln r).
#                     SE (if SEuseful) with m = sum p y0, q = y0/m: TI var = sum [(1 + ln q) - sum p q
#                     (1 + ln q)]^2 p^2 s^2 / m^2, MLD var = sum p^2 s^2 / m^2 (1 - 1/q)^2; both
#                     se = 1000 sqrt(var) (FIX), normal CI [TN6 3.6.1, 3.6.2].
#   PAR, PAF [DEC 8]  y_ref = reference if flagged, else most advantaged (max order) if ordered, else
#                     best (max if fav, min if adverse). PAR = y_ref - mu, PAF = 100 PAR/mu, clipped
#                     (fav >= 0, adverse <= 0). Walter SE on unclipped values: N = sum N, N_r, c =
#                     y_ref/s N_r, d = N_r - c, a = mu/s N - c, b = N - a - N_r,
#                     SE_PAF = sqrt(c N [a d (N - c) + b c^2] / ((a + c)^3 (c + d)^3));
#                     se_PAR = mu SE_PAF, se_PAF = 100 SE_PAF (FIX); normal CIs around the clipped
#                     values; empty when a population is missing [TN6 3.7.1, 3.7.2].
#   simulated [DEC 9] BGSD = sqrt(BGV), COV = 100 BGSD/mu, MDMU = mean |y - mu_w|, MDMW = sum p |y - mu_w|,
#                     MDBU/MDBW from the best (max if fav, min if adverse; reference ignored),
#                     MDRU/MDRW from the reference, IDISU = 100 mean|y - mu| / mu,
#                     IDISW = 100 sum p |y - mu_w| / mu. mu_w = sum p y (so MDMU/MDMW are empty when a
#                     population is missing, as HM6). se always empty [DEC 10]. CIs (only in
#                     heat_simulated.csv; only if SEuseful): per stratum set.seed(1), 400000 draws
#                     y*_j ~ N(y_j, sigma_j) truncated to >= 0 (and <= 100 when s = 100) by rejection,
#                     sigma_j = 0 -> y_j; statistic per draw with mu fixed for BGSD/COV/IDISU,
#                     m* = sum p y* recomputed for MDMU/MDMW/IDISW, best re-selected per draw for
#                     MDBU/MDBW, drawn reference y*_ref for MDRU/MDRW (FIX); type-7 2.5%/97.5%
#                     quantiles. (tendik uses 100 draws and its own RNG: compare with a tolerance.)
#
# The input strata
# ----------------
# All subgroup values are HEAT's own sample strata (heatmeasures R/sysdata.rda object sample_strata,
# which holds real DHS/MICS figures; strata_id given above each block in SAMPLE below), copied with
# 15 significant digits. Changes made on purpose (see `edits` below) to cover the edge cases:
#    1 AFG 2015 fullv  Economic status    ordered 5 quintiles, favourable, s = 100            (as is)
#    2 DOM 1996 csection5 Economic status ordered, Quintile 3 estimate/se/CI blanked: 1 of 5 = 20%
#                                          missing > 15% -> only D, R (min/max order present)
#    3 GIN 1999 nmr    Economic status    ordered, adverse, s = 1000                           (as is)
#    4 SLV 2014 wast5  Economic status    ordered, adverse, s = 100, small non-monotone values (as is)
#    5 KEN 2008 tfr    Education          ordered, 3 groups, adverse, s = 1, y > 1 -> SII/RII rows
#                                          present but empty; ACI/RCI SE with 1 df; PAR/PAF se
#                                          empty (Walter's variance is negative when y > s)  (as is)
#    6 BGD 1996 anc45  Place of residence binary, favourable, reference Urban                (as is)
#    7 GTM 1998 obesewm Place of residence binary, adverse, reference Urban (the worse group:
#                                          D < 0, PAR/PAF clipped to 0). Indicator name: the
#                                          comma in ", BMI >= 30" replaced by " with BMI >= 30".
#    8 RWA 2010 mslv   Place of residence binary, favourable, reference flag removed
#    9 NPL 2001 nmr    Sex                binary, adverse, s = 1000, reference flag removed
#   10 KEN 2014 uweight3 Subnational region 8 regions, adverse, no reference                  (as is)
#   11 ZAF 1998 poliov Subnational region 9 regions, favourable, reference "07 gauteng" flagged
#                                          (not the best group, so MDRU != MDBU)
#   12 NER 2012 ebreast Subnational region 8 regions, favourable; "02 Diffa" estimate, se, CI AND
#                                          population blanked: 1 of 8 = 12.5% missing <= 15% ->
#                                          everything computed on the other 7
#   13 GHA 1998 stunt3 Subnational region 10 regions, adverse; population of "09 upper west region"
#                                          blanked: mu = setting_average; weighted measures skipped;
#                                          MDMU row present but empty (HM6); PAR/PAF se empty
#   14 DOM 2014 mslv   Subnational region 10 regions, favourable; se of "05 Valdesia" blanked (its
#                                          CI kept: HEAT never derives se from the CI) -> BGV/TI/MLD
#                                          se and all simulation CIs empty; D/R se still computed
#                                          (their pair has se)
#   15 PER 2010 vita   Subnational region 25 regions, favourable, "07 Callao" = 0 with se 0 -> TI/MLD
#                                          zero replacement, R infinite -> R row present but empty
#
# Numbers are written with sprintf("%.17g"); a missing value is an empty field. heat_input.csv is
# written with "%.15g" where that round-trips exactly (all sample values do), "%.17g" otherwise, and
# every figure is computed from heat_input.csv as re-read from disk.

suppressPackageStartupMessages(library(sandwich))
options(warn = 1, width = 160)

cat(R.version.string, "\n")
cat("sandwich", as.character(packageVersion("sandwich")), "\n")

z <- qnorm(0.975)
N_DRAWS <- 400000L
MEASURES <- c("D", "R", "ACI", "RCI", "SII", "RII", "BGV", "BGSD", "COV", "MDBU", "MDBW", "MDMU",
              "MDMW", "MDRU", "MDRW", "IDISU", "IDISW", "TI", "MLD", "PAF", "PAR")
SIMULATED <- c("BGSD", "COV", "MDMU", "MDMW", "MDBU", "MDBW", "MDRU", "MDRW", "IDISU", "IDISW")
COLS <- c("setting", "date", "source", "indicator_abbr", "indicator_name", "dimension", "subgroup",
          "estimate", "se", "ci_lb", "ci_ub", "population", "note", "setting_average", "iso3",
          "favourable_indicator", "indicator_scale", "ordered_dimension", "subgroup_order",
          "reference_subgroup")
CLASSES <- c(rep("character", 7), rep("numeric", 5), "character", "numeric", "character",
             rep("integer", 5))

## ------------------------------------------------------------------ input ----
SAMPLE <- "
# HEAT sample strata_id 153
Afghanistan,2015,DHS,fullv,Full immunization coverage among one-year-olds (%),Economic status,Quintile 1 (poorest),38.7478713989258,2.65066838264465,33.6904983520508,44.0599746704102,1034.91394042969,,45.9403457641602,AFG,1,100,1,1,0
Afghanistan,2015,DHS,fullv,Full immunization coverage among one-year-olds (%),Economic status,Quintile 2,41.3819389343262,2.63476920127869,36.3228950500488,46.6296234130859,1126.24035644531,,45.9403457641602,AFG,1,100,1,2,0
Afghanistan,2015,DHS,fullv,Full immunization coverage among one-year-olds (%),Economic status,Quintile 3,41.0500907897949,2.77453136444092,35.734130859375,46.5836448669434,1160.60241699219,,45.9403457641602,AFG,1,100,1,3,0
Afghanistan,2015,DHS,fullv,Full immunization coverage among one-year-olds (%),Economic status,Quintile 4,51.9649314880371,3.8659360408783,44.3904418945312,59.4501609802246,1325.15319824219,,45.9403457641602,AFG,1,100,1,4,0
Afghanistan,2015,DHS,fullv,Full immunization coverage among one-year-olds (%),Economic status,Quintile 5 (richest),55.6188278198242,3.33227443695068,49.0190467834473,62.0260963439941,1061.07373046875,,45.9403457641602,AFG,1,100,1,5,0
# HEAT sample strata_id 10489
Dominican Republic,1996,DHS,csection5,Births by caesarean section (in the five years preceding the survey) (%),Economic status,Quintile 1 (poorest),13.6022415161133,1.21265542507172,11.383996963501,16.1738357543945,1098.41455078125,,25.9009799957275,DOM,1,100,1,1,0
Dominican Republic,1996,DHS,csection5,Births by caesarean section (in the five years preceding the survey) (%),Economic status,Quintile 2,20.6216354370117,1.74731111526489,17.3894500732422,24.2780284881592,935.834594726562,,25.9009799957275,DOM,1,100,1,2,0
Dominican Republic,1996,DHS,csection5,Births by caesarean section (in the five years preceding the survey) (%),Economic status,Quintile 3,26.5348701477051,2.27790522575378,22.2931823730469,31.258960723877,936.058837890625,,25.9009799957275,DOM,1,100,1,3,0
Dominican Republic,1996,DHS,csection5,Births by caesarean section (in the five years preceding the survey) (%),Economic status,Quintile 4,33.1087188720703,2.10627031326294,29.0961380004883,37.3829078674316,750.210632324219,,25.9009799957275,DOM,1,100,1,4,0
Dominican Republic,1996,DHS,csection5,Births by caesarean section (in the five years preceding the survey) (%),Economic status,Quintile 5 (richest),44.8132286071777,2.66534948348999,39.6364288330078,50.1049346923828,658.252502441406,,25.9009799957275,DOM,1,100,1,5,0
# HEAT sample strata_id 15820
Guinea,1999,DHS,nmr,Neonatal mortality rate (deaths per 1000 live births),Economic status,Quintile 1 (poorest),56.1415939331055,4.98727035522461,47.120059967041,66.7693481445312,2941.62182617188,,51.8766479492188,GIN,0,1000,1,1,0
Guinea,1999,DHS,nmr,Neonatal mortality rate (deaths per 1000 live births),Economic status,Quintile 2,57.981616973877,6.00512504577637,47.261402130127,70.9523849487305,2529.94140625,,51.8766479492188,GIN,0,1000,1,2,0
Guinea,1999,DHS,nmr,Neonatal mortality rate (deaths per 1000 live births),Economic status,Quintile 3,54.130054473877,5.15916633605957,44.8540420532227,65.1934661865234,2369.08178710938,,51.8766479492188,GIN,0,1000,1,3,0
Guinea,1999,DHS,nmr,Neonatal mortality rate (deaths per 1000 live births),Economic status,Quintile 4,48.6945762634277,4.94911861419678,39.8517837524414,59.3781852722168,2304.96411132812,,51.8766479492188,GIN,0,1000,1,4,0
Guinea,1999,DHS,nmr,Neonatal mortality rate (deaths per 1000 live births),Economic status,Quintile 5 (richest),38.5059585571289,4.74492931365967,30.202278137207,48.9773330688477,1944.17578125,,51.8766479492188,GIN,0,1000,1,5,0
# HEAT sample strata_id 12836
El Salvador,2014,MICS,wast5,Wasting prevalence in children aged < 5 years (%),Economic status,Quintile 1 (poorest),2.06858587265015,0.346999138593674,1.48656558990479,2.87183618545532,1667.62097167969,,2.15355563163757,SLV,0,100,1,1,0
El Salvador,2014,MICS,wast5,Wasting prevalence in children aged < 5 years (%),Economic status,Quintile 2,2.02048563957214,0.424660325050354,1.33525407314301,3.04650950431824,1446.72863769531,,2.15355563163757,SLV,0,100,1,2,0
El Salvador,2014,MICS,wast5,Wasting prevalence in children aged < 5 years (%),Economic status,Quintile 3,2.68779993057251,0.657076299190521,1.65861868858337,4.32749128341675,1388.48449707031,,2.15355563163757,SLV,0,100,1,3,0
El Salvador,2014,MICS,wast5,Wasting prevalence in children aged < 5 years (%),Economic status,Quintile 4,2.15830659866333,0.494651675224304,1.37353754043579,3.37610387802124,1223.47314453125,,2.15355563163757,SLV,0,100,1,4,0
El Salvador,2014,MICS,wast5,Wasting prevalence in children aged < 5 years (%),Economic status,Quintile 5 (richest),1.74726641178131,0.509696245193481,0.982998132705688,3.0872163772583,1017.47576904297,,2.15355563163757,SLV,0,100,1,5,0
# HEAT sample strata_id 20921
Kenya,2008,DHS,tfr,Total fertility rate (per woman),Education,No education,6.96235370635986,1.22501075267792,4.92771100997925,9.82880115509033,3580.916015625,,4.59512710571289,KEN,0,1,1,1,0
Kenya,2008,DHS,tfr,Total fertility rate (per woman),Education,Primary school,5.15921068191528,0.418982654809952,4.39891767501831,6.05011415481567,20789.1171875,,4.59512710571289,KEN,0,1,1,2,0
Kenya,2008,DHS,tfr,Total fertility rate (per woman),Education,Secondary school +,3.1068115234375,0.34405106306076,2.49981641769409,3.86062455177307,13278.98828125,,4.59512710571289,KEN,0,1,1,3,0
# HEAT sample strata_id 1551
Bangladesh,1996,DHS,anc45,Antenatal care coverage - at least four visits (in the five years preceding the survey) (%),Place of residence,Rural,4.08972835540771,0.425732314586639,3.32696509361267,5.01828956604004,4185.36328125,,6.86206817626953,BGD,1,100,0,0,0
Bangladesh,1996,DHS,anc45,Antenatal care coverage - at least four visits (in the five years preceding the survey) (%),Place of residence,Urban,32.6269645690918,2.57576489448547,27.7577819824219,37.9021606445312,450.35107421875,,6.86206817626953,BGD,1,100,0,0,1
# HEAT sample strata_id 15264
Guatemala,1998,DHS,obesewm,Obesity prevalence in non-pregnant women aged 15-49 years with BMI >= 30 (%),Place of residence,Rural,8.34697818756104,1.62172722816467,5.65130233764648,12.1627311706543,1318.02966308594,,12.2131786346436,GTM,0,100,0,0,0
Guatemala,1998,DHS,obesewm,Obesity prevalence in non-pregnant women aged 15-49 years with BMI >= 30 (%),Place of residence,Urban,17.9894828796387,3.18714642524719,12.5202550888062,25.1606788635254,882.184997558594,,12.2131786346436,GTM,0,100,0,0,1
# HEAT sample strata_id 33293
Rwanda,2010,DHS,mslv,Measles immunization coverage among one-year-olds (%),Place of residence,Rural,94.7667999267578,0.566132962703705,93.5320587158203,95.7764739990234,1435.60693359375,,95.048210144043,RWA,1,100,0,0,0
Rwanda,2010,DHS,mslv,Measles immunization coverage among one-year-olds (%),Place of residence,Urban,97.283447265625,1.38587653636932,92.7229537963867,99.016227722168,180.736877441406,,95.048210144043,RWA,1,100,0,0,1
# HEAT sample strata_id 27151
Nepal,2001,DHS,nmr,Neonatal mortality rate (deaths per 1000 live births),Sex,Female,43.1482315063477,2.9284839630127,37.7533187866211,49.2745895385742,7007.6357421875,,47.637020111084,NPL,0,1000,0,0,1
Nepal,2001,DHS,nmr,Neonatal mortality rate (deaths per 1000 live births),Sex,Male,52.1150131225586,3.19824767112732,46.1844062805176,58.7602500915527,7024.52880859375,,47.637020111084,NPL,0,1000,0,0,0
# HEAT sample strata_id 21110
Kenya,2014,DHS,uweight3,Underweight prevalence in children aged < 3 years (%),Subnational region,01 coast,12.143479347229,1.35567319393158,9.72496795654297,15.0630931854248,1164.04736328125,,10.1953058242798,KEN,0,100,0,0,0
Kenya,2014,DHS,uweight3,Underweight prevalence in children aged < 3 years (%),Subnational region,02 north eastern,14.7980794906616,1.70399951934814,11.7571640014648,18.4609642028809,341.431304931641,,10.1953058242798,KEN,0,100,0,0,0
Kenya,2014,DHS,uweight3,Underweight prevalence in children aged < 3 years (%),Subnational region,03 eastern,11.7985897064209,1.08348965644836,9.83341312408447,14.0951070785522,1372.91735839844,,10.1953058242798,KEN,0,100,0,0,0
Kenya,2014,DHS,uweight3,Underweight prevalence in children aged < 3 years (%),Subnational region,04 central,5.32433891296387,0.988700330257416,3.68660140037537,7.63197469711304,1034.15124511719,,10.1953058242798,KEN,0,100,0,0,0
Kenya,2014,DHS,uweight3,Underweight prevalence in children aged < 3 years (%),Subnational region,05 rift valley,13.845422744751,0.783559322357178,12.3787832260132,15.4551801681519,3304.23950195312,,10.1953058242798,KEN,0,100,0,0,0
Kenya,2014,DHS,uweight3,Underweight prevalence in children aged < 3 years (%),Subnational region,06 western,8.43876647949219,0.982465207576752,6.70077133178711,10.5764474868774,1437.27136230469,,10.1953058242798,KEN,0,100,0,0,0
Kenya,2014,DHS,uweight3,Underweight prevalence in children aged < 3 years (%),Subnational region,07 nyanza,7.78344869613647,0.836584806442261,6.29280519485474,9.59105491638184,1583.35302734375,,10.1953058242798,KEN,0,100,0,0,0
Kenya,2014,DHS,uweight3,Underweight prevalence in children aged < 3 years (%),Subnational region,08 nairobi,3.274742603302,1.15011119842529,1.63366985321045,6.45612621307373,971.101928710938,,10.1953058242798,KEN,0,100,0,0,0
# HEAT sample strata_id 35761
South Africa,1998,DHS,poliov,Polio immunization coverage among one-year-olds (%),Subnational region,01 western  cape,74.1715698242188,5.14801979064941,62.8216018676758,82.994514465332,79.6639785766602,,72.4676284790039,ZAF,1,100,0,0,0
South Africa,1998,DHS,poliov,Polio immunization coverage among one-year-olds (%),Subnational region,02 eastern cape,61.2645683288574,3.33052921295166,54.5243911743164,67.5993881225586,126.810272216797,,72.4676284790039,ZAF,1,100,0,0,0
South Africa,1998,DHS,poliov,Polio immunization coverage among one-year-olds (%),Subnational region,03 northern cape,85.4726791381836,3.87368726730347,76.0693283081055,91.5895919799805,20.3018054962158,,72.4676284790039,ZAF,1,100,0,0,0
South Africa,1998,DHS,poliov,Polio immunization coverage among one-year-olds (%),Subnational region,04 free state,72.597900390625,7.20963096618652,56.4410018920898,84.4165420532227,51.0971488952637,,72.4676284790039,ZAF,1,100,0,0,0
South Africa,1998,DHS,poliov,Polio immunization coverage among one-year-olds (%),Subnational region,05 kwazulu natal,59.6259956359863,4.18768310546875,51.1647834777832,67.5509490966797,208.415420532227,,72.4676284790039,ZAF,1,100,0,0,0
South Africa,1998,DHS,poliov,Polio immunization coverage among one-year-olds (%),Subnational region,06 north west,70.8012847900391,6.19105195999146,57.3153610229492,81.4085006713867,67.2475128173828,,72.4676284790039,ZAF,1,100,0,0,0
South Africa,1998,DHS,poliov,Polio immunization coverage among one-year-olds (%),Subnational region,07 gauteng,82.0313720703125,4.31158018112183,71.9340972900391,89.0489883422852,199.44758605957,,72.4676284790039,ZAF,1,100,0,0,0
South Africa,1998,DHS,poliov,Polio immunization coverage among one-year-olds (%),Subnational region,08 mpumalanga,75.9080505371094,3.86070084571838,67.5027847290039,82.6966018676758,71.6219940185547,,72.4676284790039,ZAF,1,100,0,0,0
South Africa,1998,DHS,poliov,Polio immunization coverage among one-year-olds (%),Subnational region,09 northern province,83.5534057617188,3.9265501499176,74.2967529296875,89.9283142089844,148.732223510742,,72.4676284790039,ZAF,1,100,0,0,0
# HEAT sample strata_id 28595
Niger,2012,DHS,ebreast,Early initiation of breastfeeding (in the two or three years preceding the survey) (%),Subnational region,01 Agadez,74.6422653198242,2.54108953475952,69.3342590332031,79.3057250976562,94.5190658569336,,53.5433578491211,NER,1,100,0,0,0
Niger,2012,DHS,ebreast,Early initiation of breastfeeding (in the two or three years preceding the survey) (%),Subnational region,02 Diffa,81.0711288452148,2.63951969146729,75.3362197875977,85.7252044677734,167.821594238281,,53.5433578491211,NER,1,100,0,0,0
Niger,2012,DHS,ebreast,Early initiation of breastfeeding (in the two or three years preceding the survey) (%),Subnational region,03 Dosso,57.8797416687012,3.7925910949707,50.3030586242676,65.102653503418,808.227722167969,,53.5433578491211,NER,1,100,0,0,0
Niger,2012,DHS,ebreast,Early initiation of breastfeeding (in the two or three years preceding the survey) (%),Subnational region,04 Maradi,41.8162956237793,2.52528786659241,36.951732635498,46.8454360961914,1447.79064941406,,53.5433578491211,NER,1,100,0,0,0
Niger,2012,DHS,ebreast,Early initiation of breastfeeding (in the two or three years preceding the survey) (%),Subnational region,05 Tahoua,49.8546142578125,3.65881204605103,42.716552734375,56.9986038208008,1445.82336425781,,53.5433578491211,NER,1,100,0,0,0
Niger,2012,DHS,ebreast,Early initiation of breastfeeding (in the two or three years preceding the survey) (%),Subnational region,06 Tillaberi,44.8546180725098,3.03417229652405,38.9930191040039,50.862735748291,803.922485351562,,53.5433578491211,NER,1,100,0,0,0
Niger,2012,DHS,ebreast,Early initiation of breastfeeding (in the two or three years preceding the survey) (%),Subnational region,07 Zinder,64.8372802734375,2.86584830284119,59.021800994873,70.243537902832,1366.9111328125,,53.5433578491211,NER,1,100,0,0,0
Niger,2012,DHS,ebreast,Early initiation of breastfeeding (in the two or three years preceding the survey) (%),Subnational region,08 Niamey,63.5975074768066,3.33698081970215,56.8241195678711,69.8716812133789,371.994781494141,,53.5433578491211,NER,1,100,0,0,0
# HEAT sample strata_id 14257
Ghana,1998,DHS,stunt3,Stunting prevalence in children aged < 3 years (%),Subnational region,01 western region,33.1597938537598,3.95749664306641,25.8629970550537,41.366569519043,208.641326904297,,24.9823799133301,GHA,0,100,0,0,0
Ghana,1998,DHS,stunt3,Stunting prevalence in children aged < 3 years (%),Subnational region,02 central region,26.8011894226074,4.46267890930176,18.948657989502,36.4446601867676,184.410980224609,,24.9823799133301,GHA,0,100,0,0,0
Ghana,1998,DHS,stunt3,Stunting prevalence in children aged < 3 years (%),Subnational region,03 greater accra region,15.7215223312378,3.23226523399353,10.3382472991943,23.1831607818604,180.399215698242,,24.9823799133301,GHA,0,100,0,0,0
Ghana,1998,DHS,stunt3,Stunting prevalence in children aged < 3 years (%),Subnational region,04 volta region,15.9606218338013,3.18308591842651,10.6293869018555,23.2695598602295,177.603256225586,,24.9823799133301,GHA,0,100,0,0,0
Ghana,1998,DHS,stunt3,Stunting prevalence in children aged < 3 years (%),Subnational region,05 eastern region,22.0247097015381,2.85860323905945,16.903356552124,28.1716728210449,229.877029418945,,24.9823799133301,GHA,0,100,0,0,0
Ghana,1998,DHS,stunt3,Stunting prevalence in children aged < 3 years (%),Subnational region,06 ashanti region,27.3294448852539,3.37135076522827,21.2027645111084,34.4524230957031,275.074554443359,,24.9823799133301,GHA,0,100,0,0,0
Ghana,1998,DHS,stunt3,Stunting prevalence in children aged < 3 years (%),Subnational region,07 brong ahafo region,18.3604774475098,4.3555908203125,11.2528114318848,28.5151042938232,124.546821594238,,24.9823799133301,GHA,0,100,0,0,0
Ghana,1998,DHS,stunt3,Stunting prevalence in children aged < 3 years (%),Subnational region,08 northern region,34.7533149719238,4.12811374664307,27.1122760772705,43.2694358825684,99.2529830932617,,24.9823799133301,GHA,0,100,0,0,0
Ghana,1998,DHS,stunt3,Stunting prevalence in children aged < 3 years (%),Subnational region,09 upper west region,41.6160888671875,4.08808088302612,33.8413124084473,49.8316688537598,40.0111999511719,,24.9823799133301,GHA,0,100,0,0,0
Ghana,1998,DHS,stunt3,Stunting prevalence in children aged < 3 years (%),Subnational region,10 upper east region,29.8344974517822,3.60654401779175,23.2372512817383,37.3923835754395,93.7900924682617,,24.9823799133301,GHA,0,100,0,0,0
# HEAT sample strata_id 11261
Dominican Republic,2014,MICS,mslv,Measles immunization coverage among one-year-olds (%),Subnational region,01 Cibao Norte,70.5255966186523,3.34747624397278,63.5667037963867,76.6436920166016,512.973510742188,,70.3607711791992,DOM,1,100,0,0,0
Dominican Republic,2014,MICS,mslv,Measles immunization coverage among one-year-olds (%),Subnational region,02 Cibao Sur,71.3845291137695,4.08355236053467,62.7625961303711,78.6880340576172,270.611114501953,,70.3607711791992,DOM,1,100,0,0,0
Dominican Republic,2014,MICS,mslv,Measles immunization coverage among one-year-olds (%),Subnational region,03 Cibao Nordeste,70.7325592041016,4.89267730712891,60.3216171264648,79.3471069335938,201.027435302734,,70.3607711791992,DOM,1,100,0,0,0
Dominican Republic,2014,MICS,mslv,Measles immunization coverage among one-year-olds (%),Subnational region,04 Cibao Noroeste,65.8236770629883,3.37143874168396,58.9405059814453,72.0991744995117,112.652267456055,,70.3607711791992,DOM,1,100,0,0,0
Dominican Republic,2014,MICS,mslv,Measles immunization coverage among one-year-olds (%),Subnational region,05 Valdesia,71.5747985839844,2.44147396087646,66.5544815063477,76.1120071411133,428.634552001953,,70.3607711791992,DOM,1,100,0,0,0
Dominican Republic,2014,MICS,mslv,Measles immunization coverage among one-year-olds (%),Subnational region,06 Enriquillo,75.3349685668945,2.608811378479,69.8715591430664,80.089973449707,155.791290283203,,70.3607711791992,DOM,1,100,0,0,0
Dominican Republic,2014,MICS,mslv,Measles immunization coverage among one-year-olds (%),Subnational region,07 El Valle,67.8662185668945,4.13990259170532,59.2739715576172,75.3981018066406,123.430244445801,,70.3607711791992,DOM,1,100,0,0,0
Dominican Republic,2014,MICS,mslv,Measles immunization coverage among one-year-olds (%),Subnational region,08 Del Yuma,72.2330780029297,3.15812826156616,65.6384735107422,77.9865112304688,277.362030029297,,70.3607711791992,DOM,1,100,0,0,0
Dominican Republic,2014,MICS,mslv,Measles immunization coverage among one-year-olds (%),Subnational region,09 Higuamo,69.8043746948242,3.70560932159424,62.0856819152832,76.5453186035156,227.148422241211,,70.3607711791992,DOM,1,100,0,0,0
Dominican Republic,2014,MICS,mslv,Measles immunization coverage among one-year-olds (%),Subnational region,10 Metropolitana,69.5149688720703,2.31099987030029,64.8036270141602,73.8501358032227,1543.53283691406,,70.3607711791992,DOM,1,100,0,0,0
# HEAT sample strata_id 31587
Peru,2010,DHS,vita,Children aged 6-59 months who received vitamin A supplementation (%),Subnational region,01 Amazonas,13.8919906616211,1.95253813266754,10.4839763641357,18.1828155517578,126.780921936035,,9.07988452911377,PER,1,100,0,0,0
Peru,2010,DHS,vita,Children aged 6-59 months who received vitamin A supplementation (%),Subnational region,02 Ancash,10.9884643554688,2.21301221847534,7.33812141418457,16.1384086608887,305.664367675781,,9.07988452911377,PER,1,100,0,0,0
Peru,2010,DHS,vita,Children aged 6-59 months who received vitamin A supplementation (%),Subnational region,03 Apurimac,28.3844146728516,3.07432866096497,22.7544384002686,34.7801818847656,149.143966674805,,9.07988452911377,PER,1,100,0,0,0
Peru,2010,DHS,vita,Children aged 6-59 months who received vitamin A supplementation (%),Subnational region,04 Arequipa,1.87389707565308,0.923754751682281,0.707577586174011,4.86843156814575,300.192474365234,,9.07988452911377,PER,1,100,0,0,0
Peru,2010,DHS,vita,Children aged 6-59 months who received vitamin A supplementation (%),Subnational region,05 Ayacucho,18.3848972320557,2.99766945838928,13.2103338241577,25.0024528503418,253.056076049805,,9.07988452911377,PER,1,100,0,0,0
Peru,2010,DHS,vita,Children aged 6-59 months who received vitamin A supplementation (%),Subnational region,06 Cajamarca,27.6790084838867,3.64078617095947,21.1265048980713,35.3528823852539,451.028930664062,,9.07988452911377,PER,1,100,0,0,0
Peru,2010,DHS,vita,Children aged 6-59 months who received vitamin A supplementation (%),Subnational region,07 Callao,0,0,0,0,217.300308227539,,9.07988452911377,PER,1,100,0,0,0
Peru,2010,DHS,vita,Children aged 6-59 months who received vitamin A supplementation (%),Subnational region,08 Cusco,18.745756149292,3.54763340950012,12.7457599639893,26.7057418823242,366.311279296875,,9.07988452911377,PER,1,100,0,0,0
Peru,2010,DHS,vita,Children aged 6-59 months who received vitamin A supplementation (%),Subnational region,09 Huancavelica,31.7246532440186,4.79195213317871,23.1376609802246,41.766773223877,178.210983276367,,9.07988452911377,PER,1,100,0,0,0
Peru,2010,DHS,vita,Children aged 6-59 months who received vitamin A supplementation (%),Subnational region,10 Huanuco,37.8651657104492,3.87723231315613,30.6053733825684,45.7126426696777,257.6494140625,,9.07988452911377,PER,1,100,0,0,0
Peru,2010,DHS,vita,Children aged 6-59 months who received vitamin A supplementation (%),Subnational region,11 Ica,1.74478888511658,0.859290480613708,0.659749448299408,4.53288316726685,198.80451965332,,9.07988452911377,PER,1,100,0,0,0
Peru,2010,DHS,vita,Children aged 6-59 months who received vitamin A supplementation (%),Subnational region,12 Junin,7.44874238967896,2.01615905761719,4.33734321594238,12.5004510879517,359.36279296875,,9.07988452911377,PER,1,100,0,0,0
Peru,2010,DHS,vita,Children aged 6-59 months who received vitamin A supplementation (%),Subnational region,13 La Libertad,4.32696485519409,1.30818545818329,2.37501239776611,7.75572156906128,447.440399169922,,9.07988452911377,PER,1,100,0,0,0
Peru,2010,DHS,vita,Children aged 6-59 months who received vitamin A supplementation (%),Subnational region,14 Lambayeque,4.95024108886719,1.8817892074585,2.32094097137451,10.2457342147827,273.463592529297,,9.07988452911377,PER,1,100,0,0,0
Peru,2010,DHS,vita,Children aged 6-59 months who received vitamin A supplementation (%),Subnational region,15 Lima,1.63656902313232,0.535127580165863,0.859164178371429,3.09543681144714,1808.78540039062,,9.07988452911377,PER,1,100,0,0,0
Peru,2010,DHS,vita,Children aged 6-59 months who received vitamin A supplementation (%),Subnational region,16 Loreto,14.0687379837036,2.35706448554993,10.0457143783569,19.3561935424805,391.372161865234,,9.07988452911377,PER,1,100,0,0,0
Peru,2010,DHS,vita,Children aged 6-59 months who received vitamin A supplementation (%),Subnational region,17 Madre de Dios,8.69196319580078,1.60159194469452,6.02104377746582,12.3914756774902,34.3737754821777,,9.07988452911377,PER,1,100,0,0,0
Peru,2010,DHS,vita,Children aged 6-59 months who received vitamin A supplementation (%),Subnational region,18 Moquegua,4.84533548355103,1.58804392814636,2.52505874633789,9.09869480133057,49.1313972473145,,9.07988452911377,PER,1,100,0,0,0
Peru,2010,DHS,vita,Children aged 6-59 months who received vitamin A supplementation (%),Subnational region,19 Pasco,13.9791374206543,1.87873649597168,10.6825370788574,18.0870494842529,75.5574264526367,,9.07988452911377,PER,1,100,0,0,0
Peru,2010,DHS,vita,Children aged 6-59 months who received vitamin A supplementation (%),Subnational region,20 Piura,1.29714441299438,0.544378042221069,0.567358195781708,2.93791031837463,477.522308349609,,9.07988452911377,PER,1,100,0,0,0
Peru,2010,DHS,vita,Children aged 6-59 months who received vitamin A supplementation (%),Subnational region,21 Puno,2.73693084716797,1.14164638519287,1.19844436645508,6.12793254852295,363.454284667969,,9.07988452911377,PER,1,100,0,0,0
Peru,2010,DHS,vita,Children aged 6-59 months who received vitamin A supplementation (%),Subnational region,22 San Martin,3.55514216423035,1.06895709037781,1.9602335691452,6.36349105834961,259.359405517578,,9.07988452911377,PER,1,100,0,0,0
Peru,2010,DHS,vita,Children aged 6-59 months who received vitamin A supplementation (%),Subnational region,23 Tacna,0.625180423259735,0.616377532482147,0.0897202715277672,4.22130298614502,64.1973114013672,,9.07988452911377,PER,1,100,0,0,0
Peru,2010,DHS,vita,Children aged 6-59 months who received vitamin A supplementation (%),Subnational region,24 Tumbes,0.638691544532776,0.456188857555389,0.156610026955605,2.56658363342285,62.2370834350586,,9.07988452911377,PER,1,100,0,0,0
Peru,2010,DHS,vita,Children aged 6-59 months who received vitamin A supplementation (%),Subnational region,25 Ucayali,5.84637355804443,1.53630125522614,3.46651411056519,9.69596767425537,150.706802368164,,9.07988452911377,PER,1,100,0,0,0
"
d <- read.csv(text = SAMPLE, header = FALSE, col.names = COLS, colClasses = CLASSES,
              comment.char = "#", quote = "", na.strings = "", strip.white = FALSE)
d$note <- ""

row_of <- function(setting, date, abbr, subgroup) {
  i <- which(d$setting == setting & d$date == date & d$indicator_abbr == abbr & d$subgroup == subgroup)
  stopifnot(length(i) == 1)
  i
}
## edits (see the header)
i <- row_of("Dominican Republic", "1996", "csection5", "Quintile 3")
d[i, c("estimate", "se", "ci_lb", "ci_ub")] <- NA
d$reference_subgroup[d$setting == "Rwanda" & d$indicator_abbr == "mslv"] <- 0L
d$reference_subgroup[d$setting == "Nepal" & d$indicator_abbr == "nmr"] <- 0L
d$reference_subgroup[row_of("South Africa", "1998", "poliov", "07 gauteng")] <- 1L
i <- row_of("Niger", "2012", "ebreast", "02 Diffa")
d[i, c("estimate", "se", "ci_lb", "ci_ub", "population")] <- NA
d$population[row_of("Ghana", "1998", "stunt3", "09 upper west region")] <- NA
d$se[row_of("Dominican Republic", "2014", "mslv", "05 Valdesia")] <- NA

fmt_in <- function(x) {
  s <- sprintf("%.15g", x)
  bad <- !is.na(x)
  bad[bad] <- as.numeric(s[bad]) != x[bad]
  s[bad] <- sprintf("%.17g", x[bad])
  s[is.na(x)] <- ""
  s
}
txt <- d
for (v in COLS) {
  if (is.numeric(d[[v]])) txt[[v]] <- fmt_in(d[[v]]) else txt[[v]] <- ifelse(is.na(d[[v]]), "", d[[v]])
  stopifnot(!any(grepl("[,\"]", txt[[v]])))
}
write.csv(txt, "heat_input.csv", row.names = FALSE, quote = FALSE)
d <- read.csv("heat_input.csv", colClasses = CLASSES, na.strings = "", quote = "")
d$note[is.na(d$note)] <- ""
stopifnot(identical(names(d), COLS), nrow(d) == nrow(txt))

## ------------------------------------------------------ dimension classes ----
# HM6 HEAT_choose_measures_dataset: distinct subgroup names per (dimension, ordered_dimension) over
# the whole file; exactly 2 -> binary.
dimcls <- unique(d[, c("dimension", "ordered_dimension", "subgroup")])
n_sub <- aggregate(subgroup ~ dimension + ordered_dimension, data = dimcls, FUN = length)
candidates <- function(dimension, ordered) {
  k <- n_sub$subgroup[n_sub$dimension == dimension & n_sub$ordered_dimension == as.integer(ordered)]
  if (k == 2) return(c("D", "R", "PAF", "PAR"))
  if (ordered) return(c("D", "R", "PAF", "PAR", "ACI", "RCI", "SII", "RII"))
  c("D", "R", "PAF", "PAR", "BGV", "BGSD", "COV", "MDMU", "MDMW", "MDBU", "MDBW", "MDRU", "MDRW",
    "IDISU", "IDISW", "TI", "MLD")
}

## ------------------------------------------------------- HM6 skip tests ----
# Each is TRUE when the measure must be skipped. `st` is the whole stratum (rows with a missing
# estimate included), as in HM6 R/validation-tests.R.
t_all_zero <- function(st) all(st$estimate[!is.na(st$estimate)] == 0)
t_two <- function(st) length(unique(st$subgroup)) == 2
t_less2 <- function(st) nrow(st) < 2
t_is_ord <- function(st) all(st$ordered_dimension == 1)
t_not_ord <- function(st) !t_is_ord(st)
t_miss_est <- function(st) any(is.na(st$estimate))
t_miss_pop <- function(st) any(is.na(st$population)) || sum(st$population, na.rm = TRUE) == 0
t_under85 <- function(st) (1 - sum(is.na(st$estimate)) / nrow(st)) < 0.85
t_under85_pop <- function(st) t_under85(st) || sum(is.na(st$population[!is.na(st$estimate)])) > 0
t_under85_pop_natl <- function(st)
  t_under85(st) || (sum(is.na(st$population[!is.na(st$estimate)])) > 0 && all(is.na(st$setting_average)))
t_missing_natl_avg <- function(st) { # HM6 "git990" version (the one in force)
  popsh <- st$population / sum(st$population, na.rm = TRUE)
  m1 <- sum(st$estimate * popsh, na.rm = TRUE)
  m2 <- unique(st$setting_average)[1]
  (is.na(m1) & is.na(m2)) | isTRUE(m1 == 0 & m2 == 0) | isTRUE((is.na(m1) & m2 == 0) | (is.na(m2) & m1 == 0))
}
t_d_r_fail <- function(st) {
  if (t_two(st) && any(is.na(st$estimate))) return(TRUE)
  if (t_is_ord(st) && nrow(st) > 2) {
    o <- order(st$subgroup_order)
    if (is.na(st$estimate[o[1]]) || is.na(st$estimate[o[length(o)]])) return(TRUE)
  }
  FALSE
}
t_norefgroup <- function(st) {
  r <- st$reference_subgroup == 1
  sum(r) != 1 || is.na(st$estimate[r])
}
# PAR/PAF: mu is missing, or the reference's estimate is missing. mu per [DEC 1], over the rows that
# have an estimate. (HM6's test_par_paf_fail computes weighted.mean(estimate, popshare) over ALL rows,
# which is NA -- and so skips PAR/PAF -- whenever a row has a missing estimate but a population; no
# stratum in this file has that combination: Niger's dropped row has no population either.)
t_par_paf_fail <- function(st) {
  ok <- st[!is.na(st$estimate), ]
  mu <- if (all(!is.na(ok$population))) sum(ok$population / sum(ok$population) * ok$estimate) else ok$setting_average[1]
  r <- st$reference_subgroup == 1
  is.na(mu) || (sum(r) == 1 && is.na(st$estimate[r]))
}
TESTS <- list(
  D = c("all_zero", "less2", "d_r_fail"), R = c("all_zero", "less2", "d_r_fail"),
  PAR = c("under85", "all_zero", "less2", "par_paf_fail"),
  PAF = c("under85", "all_zero", "less2", "missing_natl_avg", "par_paf_fail"),
  ACI = c("miss_est", "all_zero", "two", "less2", "not_ord", "miss_pop"),
  BGV = c("under85_pop", "all_zero", "two", "less2", "is_ord"),
  COV = c("under85_pop", "all_zero", "two", "less2", "is_ord", "missing_natl_avg"),
  MDBU = c("under85", "all_zero", "two", "less2", "is_ord"),
  MDRU = c("under85", "all_zero", "two", "less2", "is_ord", "norefgroup"),
  MDRW = c("under85_pop", "all_zero", "two", "less2", "is_ord", "norefgroup"),
  MDMU = c("under85_pop_natl", "all_zero", "two", "less2", "is_ord"),
  IDISU = c("under85_pop_natl", "all_zero", "two", "less2", "is_ord", "missing_natl_avg"))
TESTS$RCI <- TESTS$SII <- TESTS$RII <- TESTS$ACI
TESTS$BGSD <- TESTS$TI <- TESTS$MDMW <- TESTS$MDBW <- TESTS$BGV
TESTS$MLD <- TESTS$IDISW <- TESTS$COV
passes <- function(st, m) !any(vapply(TESTS[[m]], function(t) isTRUE(get(paste0("t_", t))(st)), TRUE))

## ------------------------------------------------------------ helpers ----
ridit <- function(n) { p <- n / sum(n); cumsum(p) - p / 2 }
expit <- function(x) 1 / (1 + exp(-x))
row <- function(est, se = NA, lo = NA, hi = NA) c(estimate = est, se = se, ci_lower = lo, ci_upper = hi)
normal_row <- function(est, se) row(est, se, est - z * se, est + z * se)
type7 <- function(x) quantile(x, c(0.025, 0.975), type = 7, na.rm = TRUE, names = FALSE)

# Truncated-normal draws by rejection [DEC 9]; one column per subgroup, in subgroup order.
draw <- function(y, se, s, n) {
  sapply(seq_along(y), function(j) {
    x <- rnorm(n, y[j], se[j])
    repeat {
      bad <- x < 0 | (s == 100 & x > 100)
      if (!any(bad)) break
      x[bad] <- rnorm(sum(bad), y[j], se[j])
    }
    x
  })
}

## ----------------------------------------------------------- measures ----
compute_stratum <- function(st) {
  cand <- candidates(st$dimension[1], all(st$ordered_dimension == 1))
  todo <- MEASURES[MEASURES %in% cand]
  todo <- todo[vapply(todo, function(m) passes(st, m), TRUE)]

  x <- st[order(st$subgroup_order), ]
  x <- x[!is.na(x$estimate), ]
  y <- x$estimate; se <- x$se; N <- x$population; J <- length(y)
  s <- x$indicator_scale[1]; fav <- x$favourable_indicator[1] == 1
  ordered <- all(x$ordered_dimension == 1)
  hasref <- sum(x$reference_subgroup == 1) == 1
  ref <- if (hasref) which(x$reference_subgroup == 1) else NA
  SEuseful <- !any(is.na(se))
  p <- N / sum(N)
  mu_w <- sum(p * y)
  mu <- if (!any(is.na(N))) mu_w else x$setting_average[1]
  best <- if (fav) which.max(y) else which.min(y)

  # D/R pair [DEC 3]
  if (hasref) {
    v <- y
    if (fav) { v[ref] <- Inf; hi <- ref; lo <- which.min(v) } else { v[ref] <- -Inf; lo <- ref; hi <- which.max(v) }
  } else if (ordered) {
    if (fav) { hi <- J; lo <- 1 } else { hi <- 1; lo <- J }
  } else {
    lo <- which.min(y); hi <- max(which(y == max(y)))
  }
  out <- list()
  info <- list()
  for (m in todo) {
    out[[m]] <- switch(m,
      D = normal_row(y[hi] - y[lo], sqrt(se[hi]^2 + se[lo]^2)),
      R = {
        r <- y[hi] / y[lo]
        if (!is.finite(r)) row(NA) else {
          sr <- sqrt((se[hi]^2 + r^2 * se[lo]^2) / y[lo]^2)
          row(r, sr, exp(log(r) - z * sr / r), exp(log(r) + z * sr / r))
        }
      },
      ACI = , RCI = {
        stopifnot(!anyDuplicated(x$subgroup_order))
        X <- ridit(N); s2 <- sum(p * (X - 0.5)^2)
        t <- 2 * s2 * y / (if (m == "RCI") mu_w else 1)
        f <- lm(t ~ X, weights = N)
        cf <- summary(f)$coefficients["X", 1:2]
        closed <- sum(p * (2 * X - 1) * y) / (if (m == "RCI") mu_w else 1)
        info[[m]] <- sprintf("%s regression %.15g closed form %.15g (rel diff %.2g)", m, cf[[1]], closed,
                             abs(cf[[1]] - closed) / abs(closed))
        stopifnot(abs(cf[[1]] - closed) <= 1e-10 * abs(closed))
        normal_row(cf[[1]], cf[[2]])
      },
      SII = , RII = {
        Np <- ceiling(N); k <- round(y / s * Np)
        if (any(k < 0 | Np - k < 0)) row(NA) else {
          X <- ridit(Np)
          f <- suppressWarnings(glm(cbind(k, Np - k) ~ X, weights = Np, family = binomial("logit"),
                                    control = glm.control(epsilon = 1e-13, maxit = 200)))
          stopifnot(f$converged)
          b <- unname(coef(f)); V <- sandwich::vcovHC(f, type = "HC1")
          # the same HC1 by hand: w = N'^2, V = J/(J-2) B^-1 M B^-1
          Xm <- cbind(1, X); pi <- expit(drop(Xm %*% b)); w <- Np^2
          B <- crossprod(Xm * (w * pi * (1 - pi)), Xm); M <- crossprod(Xm * (w * (k / Np - pi)), Xm * (w * (k / Np - pi)))
          Vh <- J / (J - 2) * solve(B) %*% M %*% solve(B)
          stopifnot(max(abs(Vh - V)) <= 1e-9 * max(abs(V)))
          score <- colSums(Xm * (w * (k / Np - pi)))
          p1 <- expit(b[1] + b[2]); p0 <- expit(b[1])
          if (m == "SII") {
            g <- c(p1 * (1 - p1) - p0 * (1 - p0), p1 * (1 - p1)); sep <- sqrt(drop(t(g) %*% V %*% g))
            info$SII <- sprintf("SII glm: a %.15g b %.15g |score| %.2g; SE_p (0-1 scale, HM6's se) %.15g",
                                b[1], b[2], max(abs(score)), sep)
            row(s * (p1 - p0), s * sep, s * (p1 - p0 - z * sep), s * (p1 - p0 + z * sep))
          } else {
            g <- c((1 - p1) - (1 - p0), 1 - p1); sel <- sqrt(drop(t(g) %*% V %*% g)); rii <- p1 / p0
            info$RII <- sprintf("RII SE(ln RII) (HM6's se) %.15g", sel)
            if (rii < 0 || rii > 700) row(NA) else row(rii, rii * sel, exp(log(rii) - z * sel), exp(log(rii) + z * sel))
          }
        }
      },
      BGV = {
        est <- sum(p * (y - mu)^2)
        if (!SEuseful) row(est) else
          normal_row(est, sqrt(4 * sum(p^2 * se^2 * (y - mu_w)^2) +
                               2 * (sum(p^2 * se^2)^2 - sum(p^4 * se^4) + sum(p^2 * (1 - p)^2 * se^4))))
      },
      TI = , MLD = {
        y0 <- ifelse(y == 0, 1e-6, y); r <- y0 / mu
        est <- if (m == "TI") 1000 * sum(p * r * log(r)) else 1000 * sum(p * -log(r))
        if (!SEuseful) row(est) else {
          m0 <- sum(p * y0); q <- y0 / m0
          v <- if (m == "TI") sum((1 + log(q) - sum(p * q * (1 + log(q))))^2 * p^2 * se^2 / m0^2)
               else sum(p^2 * se^2 / m0^2 * (1 - 1 / q)^2)
          if (is.nan(v)) row(est) else normal_row(est, 1000 * sqrt(v))
        }
      },
      PAR = , PAF = {
        r <- if (hasref) ref else if (ordered) which.max(x$subgroup_order) else best
        stopifnot(sum(y == y[r]) == 1)
        par <- y[r] - mu
        if (fav) par <- max(0, par) else par <- min(0, par)
        paf <- 100 * par / mu
        if (fav) paf <- max(0, paf) else paf <- min(0, paf)
        Nt <- sum(N); Nr <- N[r]
        cc <- y[r] / s * Nr; dd <- Nr - cc; aa <- mu / s * Nt - cc; bb <- Nt - aa - Nr
        # NaN (e.g. y > s, Kenya TFR) -> empty [DEC 10]
        se_paf <- suppressWarnings(sqrt(cc * Nt * (aa * dd * (Nt - cc) + bb * cc^2) / ((aa + cc)^3 * (cc + dd)^3)))
        if (m == "PAR") normal_row(par, abs(mu) * se_paf) else normal_row(paf, 100 * se_paf)
      },
      BGSD = row(sqrt(sum(p * (y - mu)^2))),
      COV = row(100 * sqrt(sum(p * (y - mu)^2)) / mu),
      MDMU = row(sum(abs(y - mu_w)) / J),
      MDMW = row(sum(p * abs(y - mu_w))),
      MDBU = row(sum(abs(y - y[best])) / J),
      MDBW = row(sum(p * abs(y - y[best]))),
      MDRU = row(sum(abs(y - y[ref])) / J),
      MDRW = row(sum(p * abs(y - y[ref]))),
      IDISU = row(100 * (sum(abs(y - mu)) / J) / mu),
      IDISW = row(100 * sum(p * abs(y - mu_w)) / mu)
    )
  }
  # missing / non-finite -> empty, and an NA estimate empties the whole row (HM6 outlier2NA)
  out <- lapply(out, function(v) { v[!is.finite(v)] <- NA; if (is.na(v[1])) v[] <- NA; v })

  # simulation CIs [DEC 9]
  sims <- list(); mcse <- list()
  sim_todo <- intersect(todo, SIMULATED)
  if (length(sim_todo) > 0 && SEuseful) {
    set.seed(1)
    Y <- draw(y, se, s, N_DRAWS)
    P <- matrix(p, N_DRAWS, J, byrow = TRUE)
    mstar <- rowSums(Y * P)
    bstar <- if (fav) apply(Y, 1, max) else apply(Y, 1, min)
    for (m in sim_todo) {
      v <- switch(m,
        BGSD = sqrt(rowSums(P * (Y - mu)^2)),
        COV = 100 * sqrt(rowSums(P * (Y - mu)^2)) / mu,
        MDMU = rowSums(abs(Y - mstar)) / J,
        MDMW = rowSums(P * abs(Y - mstar)),
        MDBU = rowSums(abs(Y - bstar)) / J,
        MDBW = rowSums(P * abs(Y - bstar)),
        MDRU = rowSums(abs(Y - Y[, ref])) / J,
        MDRW = rowSums(P * abs(Y - Y[, ref])),
        IDISU = 100 * (rowSums(abs(Y - mu)) / J) / mu,
        IDISW = 100 * rowSums(P * abs(Y - mstar)) / mstar)
      v <- v[is.finite(v)]
      sims[[m]] <- if (length(v)) type7(v) else c(NA, NA)
      # Monte Carlo SE of each bound, from the order statistics +- 1 binomial SD around the rank
      if (length(v)) {
        sv <- sort(v); n <- length(v)
        mcse[[m]] <- sapply(c(0.025, 0.975), function(q) {
          h <- sqrt(n * q * (1 - q)); (sv[ceiling(n * q + h)] - sv[floor(n * q - h)]) / 2
        })
      }
    }
  }
  list(todo = todo, out = out, sims = sims, mcse = mcse, info = info, mu = mu, J = J,
       SEuseful = SEuseful, pair = c(x$subgroup[hi], x$subgroup[lo]))
}

## ---------------------------------------------------------------- run ----
fmt <- function(x) ifelse(is.na(x), "", sprintf("%.17g", x))
key <- paste(d$setting, d$iso3, d$date, d$source, d$dimension, d$indicator_abbr, d$indicator_name, sep = "\r")
strata <- split(d, factor(key, levels = unique(key)))
# the binary/ordered/non-ordered class used above equals the per-stratum row count here
for (st in strata) {
  k <- n_sub$subgroup[n_sub$dimension == st$dimension[1] & n_sub$ordered_dimension == st$ordered_dimension[1]]
  stopifnot((k == 2) == (nrow(st) == 2))
}
exp_rows <- list(); sim_rows <- list()
for (st in strata) {
  res <- compute_stratum(st)
  cat(sprintf("\n### %s %s %s / %s: J = %d, fav = %d, ordered = %d, s = %g, mu = %.10g, SEuseful = %s, D/R pair = %s vs %s\n",
              st$setting[1], st$date[1], st$indicator_abbr[1], st$dimension[1], res$J,
              st$favourable_indicator[1], st$ordered_dimension[1], st$indicator_scale[1], res$mu,
              res$SEuseful, res$pair[1], res$pair[2]))
  for (l in res$info) cat("   ", l, "\n")
  for (m in res$todo) {
    v <- res$out[[m]]
    if (m %in% SIMULATED) {
      ci <- if (!is.null(res$sims[[m]])) res$sims[[m]] else c(NA, NA)
      sim_rows[[length(sim_rows) + 1]] <- c(st$setting[1], st$date[1], st$indicator_abbr[1], st$dimension[1], m,
                                            fmt(v[1]), "", fmt(ci[1]), fmt(ci[2]))
      exp_rows[[length(exp_rows) + 1]] <- c(st$setting[1], st$date[1], st$indicator_abbr[1], st$dimension[1], m,
                                            fmt(v[1]), "", "", "")
      cat(sprintf("    %-6s %14.7g  sim CI %14.7g %14.7g", m, v[1], ci[1], ci[2]))
      if (!is.null(res$mcse[[m]])) cat(sprintf("   (MC se of bounds %.2g %.2g)", res$mcse[[m]][1], res$mcse[[m]][2]))
      cat("\n")
    } else {
      exp_rows[[length(exp_rows) + 1]] <- c(st$setting[1], st$date[1], st$indicator_abbr[1], st$dimension[1], m, fmt(v))
      cat(sprintf("    %-6s %14.7g  se %14.7g  CI %14.7g %14.7g\n", m, v[1], v[2], v[3], v[4]))
    }
  }
}
hdr <- c("setting", "date", "indicator_abbr", "dimension", "measure", "estimate", "se", "ci_lower", "ci_upper")
wr <- function(rows, file) {
  m <- do.call(rbind, rows); colnames(m) <- hdr
  write.csv(as.data.frame(m), file, row.names = FALSE, quote = FALSE)
  cat(sprintf("\nwrote %s (%d rows)\n", file, nrow(m)))
}
wr(exp_rows, "heat_expected.csv")
wr(sim_rows, "heat_simulated.csv")
