//! The variable tables of the five files: MICS6 names, labels, storage and value labels,
//! each with the accessor that reads it from a record.

use crate::codebook::{
    AREA, Cell, DISCIPLINE, EDUCATION, Kind, Labels, QUINTILE, RESULT_INDIVIDUAL, SEX, Var, YES_NO,
    YES_NO_DK, array_vars, num, set, var,
};
use std::sync::LazyLock;

use crate::health::{ANTIGENS, RECALL};
use crate::model::{ASSETS, ChRecord, Common, FsRecord, HhRecord, HlRecord, WmRecord};
use crate::supplement::{BENEFIT, DIET};

/// Records that carry the design variables.
pub(crate) trait HasCommon {
    fn common(&self) -> &Common;
}

macro_rules! has_common {
    ($($t:ty),*) => {$(impl HasCommon for $t { fn common(&self) -> &Common { &self.common } })*};
}
has_common!(HhRecord, HlRecord, ChRecord, FsRecord, WmRecord);

fn hh1<R: HasCommon>(r: &R) -> Cell {
    num(f64::from(r.common().hh1))
}
fn hh2<R: HasCommon>(r: &R) -> Cell {
    num(f64::from(r.common().hh2))
}
fn hh6<R: HasCommon>(r: &R) -> Cell {
    num(f64::from(r.common().hh6))
}
fn hh7<R: HasCommon>(r: &R) -> Cell {
    num(f64::from(r.common().hh7))
}
fn hh7a<R: HasCommon>(r: &R) -> Cell {
    num(f64::from(r.common().hh7a))
}
fn stratum<R: HasCommon>(r: &R) -> Cell {
    num(f64::from(r.common().stratum))
}
fn hhweight<R: HasCommon>(r: &R) -> Cell {
    num(r.common().hhweight)
}
fn wscore<R: HasCommon>(r: &R) -> Cell {
    num(r.common().wscore)
}
fn windex5<R: HasCommon>(r: &R) -> Cell {
    num(r.common().windex5)
}

/// HH1, HH2 and the line-number variable come first in every file.
fn keys<R: HasCommon + 'static>() -> Vec<Var<R>> {
    vec![
        // Long: a census-size sample has more than 32,740 clusters.
        var("HH1", "Cluster number", Kind::Long, Labels::None, hh1::<R>),
        var("HH2", "Household number", Kind::Int, Labels::None, hh2::<R>),
    ]
}

/// A file's own weight: name, label, accessor.
type Weight<R> = (&'static str, &'static str, fn(&R) -> Cell);

/// Design and wealth variables that close every file.
fn design<R: HasCommon + 'static>(weight: Option<Weight<R>>) -> Vec<Var<R>> {
    let mut vars = vec![
        var("HH6", "Area", Kind::Byte, AREA, hh6::<R>),
        var("HH7", "Region", Kind::Byte, Labels::Region, hh7::<R>),
        var(
            "HH7A",
            "District (rayon or town; tendik addition)",
            Kind::Long,
            Labels::Unit,
            hh7a::<R>,
        ),
        var(
            "stratum",
            "Stratum",
            Kind::Byte,
            Labels::Stratum,
            stratum::<R>,
        ),
        var(
            "PSU",
            "Primary sampling unit",
            Kind::Long,
            Labels::None,
            hh1::<R>,
        ),
        var(
            "hhweight",
            "Household sample weight",
            Kind::Double,
            Labels::None,
            hhweight::<R>,
        ),
    ];
    if let Some((name, label, get)) = weight {
        vars.push(var(name, label, Kind::Double, Labels::None, get));
    }
    vars.push(var(
        "wscore",
        "Combined wealth score",
        Kind::Double,
        Labels::None,
        wscore::<R>,
    ));
    vars.push(var(
        "windex5",
        "Wealth index quintile",
        Kind::Byte,
        QUINTILE,
        windex5::<R>,
    ));
    vars
}

const WATER: Labels = set!(
    "WS1",
    [
        (11, "Piped into dwelling"),
        (12, "Piped to yard / plot"),
        (13, "Piped to neighbour"),
        (14, "Public tap / standpipe"),
        (21, "Tube well / borehole"),
        (31, "Protected well"),
        (32, "Unprotected well"),
        (41, "Protected spring"),
        (42, "Unprotected spring"),
        (51, "Rainwater"),
        (61, "Tanker-truck"),
        (71, "Cart with small tank"),
        (72, "Water kiosk"),
        (
            81,
            "Surface water (river, stream, dam, lake, pond, canal, irrigation channel)"
        ),
        (91, "Packaged water: bottled water"),
        (92, "Packaged water: sachet water"),
        (96, "Other"),
        (99, "No response"),
    ]
);
const TOILET: Labels = set!(
    "WS11",
    [
        (11, "Flush to piped sewer system"),
        (12, "Flush to septic tank"),
        (13, "Flush to pit latrine"),
        (14, "Flush to open drain"),
        (18, "Flush to DK where"),
        (21, "Ventilated improved pit latrine"),
        (22, "Pit latrine with slab"),
        (23, "Pit latrine without slab / open pit"),
        (31, "Composting toilet"),
        (41, "Bucket"),
        (51, "Hanging toilet / hanging latrine"),
        (95, "No facility / bush / field"),
        (96, "Other"),
        (99, "No response"),
    ]
);
const FLOOR: Labels = set!(
    "HC4",
    [
        (11, "Earth / sand"),
        (12, "Dung"),
        (21, "Wood planks"),
        (22, "Palm / bamboo"),
        (31, "Parquet or polished wood"),
        (32, "Vinyl or asphalt strips"),
        (33, "Ceramic tiles"),
        (34, "Cement"),
        (35, "Carpet"),
        (96, "Other"),
        (99, "No response"),
    ]
);
const ROOF: Labels = set!(
    "HC5",
    [
        (11, "No roof"),
        (12, "Thatch / palm leaf"),
        (13, "Sod"),
        (21, "Rustic mat"),
        (22, "Palm / bamboo"),
        (23, "Wood planks"),
        (24, "Cardboard"),
        (31, "Metal / tin"),
        (32, "Wood"),
        (33, "Cement fibre (slate)"),
        (34, "Ceramic tiles"),
        (35, "Cement"),
        (36, "Roofing shingles"),
        (96, "Other"),
        (99, "No response"),
    ]
);
const WALL: Labels = set!(
    "HC6",
    [
        (11, "No walls"),
        (12, "Cane / palm / trunks"),
        (13, "Dirt"),
        (21, "Bamboo with mud"),
        (22, "Stone with mud"),
        (23, "Uncovered adobe"),
        (24, "Plywood"),
        (25, "Cardboard"),
        (26, "Reused wood"),
        (31, "Cement"),
        (32, "Stone with lime / cement"),
        (33, "Bricks"),
        (34, "Cement blocks"),
        (35, "Covered adobe"),
        (36, "Wood planks / shingles"),
        (96, "Other"),
        (99, "No response"),
    ]
);

/// The `hh` file.
pub(crate) fn hh() -> Vec<Var<HhRecord>> {
    let mut v = keys::<HhRecord>();
    v.extend(array_vars(
        &[
            ("HH5D", "Day of interview"),
            ("HH5M", "Month of interview"),
            ("HH5Y", "Year of interview"),
        ],
        Kind::Int,
        Labels::None,
        |r: &HhRecord| &r.hh5,
    ));
    v.extend([
        var(
            "HH46",
            "Result of household interview",
            Kind::Byte,
            set!(
                "HH46",
                [
                    (1, "Completed"),
                    (
                        2,
                        "No household member or no competent respondent at home at time of visit"
                    ),
                    (3, "Entire household absent for extended period of time"),
                    (4, "Refused"),
                    (5, "Dwelling vacant or address not a dwelling"),
                    (6, "Dwelling destroyed"),
                    (7, "Dwelling not found"),
                    (96, "Other"),
                ]
            ),
            |r: &HhRecord| num(f64::from(r.hh46)),
        ),
        var(
            "HH48",
            "Number of household members",
            Kind::Byte,
            Labels::None,
            |r| num(r.hh48),
        ),
        var(
            "HH49",
            "Number of women age 15-49 years",
            Kind::Byte,
            Labels::None,
            |r| num(r.hh49),
        ),
        var(
            "HH51",
            "Number of children under age 5",
            Kind::Byte,
            Labels::None,
            |r| num(r.hh51),
        ),
        var("HHSEX", "Sex of household head", Kind::Byte, SEX, |r| {
            num(r.hhsex)
        }),
        var(
            "HHAGE",
            "Age of household head",
            Kind::Byte,
            Labels::None,
            |r| num(r.hhage),
        ),
        var(
            "helevel",
            "Education of household head",
            Kind::Byte,
            EDUCATION,
            |r| num(r.helevel),
        ),
        var(
            "WS1",
            "Main source of drinking water",
            Kind::Byte,
            WATER,
            |r| num(r.ws1),
        ),
        var(
            "WS2",
            "Main source of water used for other purposes",
            Kind::Byte,
            WATER,
            |r| num(r.ws2),
        ),
        var(
            "WS3",
            "Location of the water source",
            Kind::Byte,
            set!(
                "WS3",
                [
                    (1, "In own dwelling"),
                    (2, "In own yard / plot"),
                    (3, "Elsewhere"),
                    (9, "No response")
                ]
            ),
            |r| num(r.ws3),
        ),
        var(
            "WS4",
            "Time (in minutes) to get water and come back",
            Kind::Int,
            set!(
                "WS4",
                [
                    (0, "Members do not collect"),
                    (998, "DK"),
                    (999, "No response")
                ]
            ),
            |r| num(r.ws4),
        ),
        var(
            "WS7",
            "Household had insufficient drinking water in the last month",
            Kind::Byte,
            YES_NO_DK,
            |r| num(r.ws7),
        ),
        var("WS11", "Type of toilet facility", Kind::Byte, TOILET, |r| {
            num(r.ws11)
        }),
        var(
            "WS15",
            "Toilet facility shared with others",
            Kind::Byte,
            YES_NO_DK,
            |r| num(r.ws15),
        ),
        var(
            "HW1",
            "Place where household members most often wash their hands",
            Kind::Byte,
            set!(
                "HW1",
                [
                    (1, "Observed: fixed facility (sink / tap) in dwelling"),
                    (2, "Observed: fixed facility in yard / plot"),
                    (3, "Observed: mobile object (bucket / jug / kettle)"),
                    (4, "No handwashing place in dwelling / yard / plot"),
                    (5, "No permission to see"),
                    (6, "Other reason"),
                ]
            ),
            |r| num(r.hw1),
        ),
        var(
            "HW2",
            "Water available at the place for handwashing",
            Kind::Byte,
            YES_NO,
            |r| num(r.hw2),
        ),
        var(
            "HW3",
            "Soap, detergent or ash/mud/sand present at the place for handwashing",
            Kind::Byte,
            YES_NO,
            |r| num(r.hw3),
        ),
        var(
            "HW4",
            "Where household members most often wash their hands",
            Kind::Byte,
            set!(
                "HW4",
                [
                    (1, "Fixed facility (sink / tap) in dwelling"),
                    (2, "Fixed facility (sink / tap) in yard / plot"),
                    (3, "Mobile object (bucket / jug / kettle)"),
                    (4, "No handwashing place in dwelling / yard / plot"),
                    (6, "Other"),
                ]
            ),
            |r| num(r.hw4),
        ),
        var(
            "HW5",
            "Soap, detergent or ash/mud/sand in the house for washing hands",
            Kind::Byte,
            YES_NO_DK,
            |r| num(r.hw5),
        ),
        var(
            "HW6",
            "Soap, detergent or ash/mud/sand shown",
            Kind::Byte,
            set!("HW6", [(1, "Yes, shown"), (2, "No, not shown")]),
            |r| num(r.hw6),
        ),
        var(
            "HW7A",
            "Soap observed: bar or liquid soap",
            Kind::Text(1),
            Labels::None,
            |r| Cell::Text(r.hw7a),
        ),
        var(
            "HW7B",
            "Soap observed: detergent",
            Kind::Text(1),
            Labels::None,
            |r| Cell::Text(r.hw7b),
        ),
        var(
            "HW7C",
            "Observed: ash / mud / sand",
            Kind::Text(1),
            Labels::None,
            |r| Cell::Text(r.hw7c),
        ),
        var(
            "HC3",
            "Number of rooms used for sleeping",
            Kind::Byte,
            Labels::None,
            |r| num(r.hc3),
        ),
        var("HC4", "Main material of floor", Kind::Byte, FLOOR, |r| {
            num(r.hc4)
        }),
        var("HC5", "Main material of roof", Kind::Byte, ROOF, |r| {
            num(r.hc5)
        }),
        var(
            "HC6",
            "Main material of exterior walls",
            Kind::Byte,
            WALL,
            |r| num(r.hc6),
        ),
        var(
            "HC8",
            "Household has electricity",
            Kind::Byte,
            set!(
                "HC8",
                [
                    (1, "Yes, interconnected grid"),
                    (2, "Yes, off-grid"),
                    (3, "No"),
                    (9, "No response")
                ]
            ),
            |r| num(r.hc8),
        ),
        var(
            "EU1",
            "Type of cookstove mainly used for cooking",
            Kind::Byte,
            set!(
                "EU1",
                [
                    (1, "Electric stove"),
                    (2, "Solar cooker"),
                    (3, "Liquefied petroleum gas (LPG) / cooking gas stove"),
                    (4, "Piped natural gas stove"),
                    (5, "Biogas stove"),
                    (6, "Liquid fuel stove"),
                    (7, "Manufactured solid fuel stove"),
                    (8, "Traditional solid fuel stove"),
                    (9, "Three stone stove / open fire"),
                    (96, "Other"),
                    (97, "No food cooked in household"),
                    (99, "No response"),
                ]
            ),
            |r| num(r.eu1),
        ),
        var(
            "EU4",
            "Type of fuel or energy source for cookstove",
            Kind::Byte,
            set!(
                "EU4",
                [
                    (1, "Alcohol / ethanol"),
                    (2, "Gasoline / diesel"),
                    (3, "Kerosene / paraffin"),
                    (4, "Coal / lignite"),
                    (5, "Charcoal"),
                    (6, "Wood"),
                    (7, "Crop residue / grass / straw / shrubs"),
                    (8, "Animal dung / waste"),
                    (9, "Processed biomass (pellets) or woodchips"),
                    (10, "Garbage / plastic"),
                    (11, "Sawdust"),
                    (96, "Other"),
                    (99, "No response"),
                ]
            ),
            |r| num(r.eu4),
        ),
    ]);
    for (index, (name, label, ..)) in ASSETS.iter().enumerate() {
        let get: fn(&HhRecord) -> Cell = match index {
            0 => |r| num(r.assets[0]),
            1 => |r| num(r.assets[1]),
            2 => |r| num(r.assets[2]),
            3 => |r| num(r.assets[3]),
            4 => |r| num(r.assets[4]),
            5 => |r| num(r.assets[5]),
            6 => |r| num(r.assets[6]),
            7 => |r| num(r.assets[7]),
            8 => |r| num(r.assets[8]),
            _ => |r| num(r.assets[9]),
        };
        v.push(var(name, label, Kind::Byte, YES_NO, get));
    }
    v.extend(array_vars(&BENEFIT, Kind::Byte, YES_NO, |r: &HhRecord| {
        &r.st
    }));
    v.push(var(
        "pccons",
        "Monthly consumption per person, KGS (tendik addition)",
        Kind::Double,
        Labels::None,
        |r| num(r.pccons),
    ));
    v.extend(design::<HhRecord>(None));
    v
}

const LEVEL: Labels = set!(
    "level",
    [
        (0, "Early childhood education"),
        (1, "Primary"),
        (2, "Lower secondary"),
        (3, "Upper secondary"),
        (4, "Higher (vocational, college, university)"),
        (8, "DK"),
        (9, "No response"),
    ]
);

/// The `hl` file.
pub(crate) fn hl() -> Vec<Var<HlRecord>> {
    let mut v = keys::<HlRecord>();
    v.extend([
        var(
            "HL1",
            "Line number",
            Kind::Byte,
            Labels::None,
            |r: &HlRecord| num(f64::from(r.hl1)),
        ),
        var(
            "HL3",
            "Relationship to the head of household",
            Kind::Byte,
            set!(
                "HL3",
                [
                    (1, "Head"),
                    (2, "Wife / Husband"),
                    (3, "Son / Daughter"),
                    (4, "Son-in-law / Daughter-in-law"),
                    (5, "Grandchild"),
                    (6, "Parent"),
                    (7, "Parent-in-law"),
                    (8, "Brother / Sister"),
                    (9, "Brother-in-law / Sister-in-law"),
                    (10, "Uncle / Aunt"),
                    (11, "Niece / Nephew"),
                    (12, "Other relative"),
                    (13, "Adopted / Foster / Stepchild"),
                    (14, "Not related"),
                    (98, "DK"),
                ]
            ),
            |r| num(f64::from(r.hl3)),
        ),
        var("HL4", "Sex", Kind::Byte, SEX, |r| num(f64::from(r.hl4))),
        var("HL6", "Age", Kind::Byte, Labels::None, |r| {
            num(f64::from(r.hl6))
        }),
        var("HL12", "Natural mother alive", Kind::Byte, YES_NO_DK, |r| {
            num(r.hl12)
        }),
        var(
            "MLINE",
            "Line number of mother (0 = not in household)",
            Kind::Byte,
            Labels::None,
            |r| num(r.mline),
        ),
        var("HL16", "Natural father alive", Kind::Byte, YES_NO_DK, |r| {
            num(r.hl16)
        }),
        var(
            "FLINE",
            "Line number of father (0 = not in household)",
            Kind::Byte,
            Labels::None,
            |r| num(r.fline),
        ),
        var(
            "ED4",
            "Ever attended school or early childhood education",
            Kind::Byte,
            YES_NO,
            |r| num(r.ed4),
        ),
        var(
            "ED5A",
            "Highest level of school attended",
            Kind::Byte,
            LEVEL,
            |r| num(r.ed5a),
        ),
        var(
            "ED9",
            "Attended school or early childhood education during current school year",
            Kind::Byte,
            YES_NO,
            |r| num(r.ed9),
        ),
        var(
            "ED10A",
            "Level of education attended current school year",
            Kind::Byte,
            LEVEL,
            |r| num(r.ed10a),
        ),
        var(
            "ED10B",
            "Grade of education attended current school year",
            Kind::Byte,
            Labels::None,
            |r| num(r.ed10b),
        ),
        var(
            "schage",
            "Age at beginning of school year",
            Kind::Byte,
            Labels::None,
            |r| num(r.schage),
        ),
    ]);
    v.extend(design::<HlRecord>(None));
    v
}

fn chweight(r: &ChRecord) -> Cell {
    num(r.chweight)
}
fn fsweight(r: &FsRecord) -> Cell {
    num(r.fsweight)
}
fn wmweight(r: &WmRecord) -> Cell {
    num(r.wmweight)
}

const DISCIPLINE_ITEMS: [&str; 11] = [
    "Took away privileges",
    "Explained why behaviour was wrong",
    "Shook child",
    "Shouted, yelled or screamed at child",
    "Gave child something else to do",
    "Spanked, hit or slapped on the bottom with bare hand",
    "Hit on the bottom or elsewhere with belt, hairbrush, stick or other hard object",
    "Called child dumb, lazy or another name",
    "Hit or slapped on the face, head or ears",
    "Hit or slapped on hand, arm or leg",
    "Beat child up with an implement (hit over and over as hard as one could)",
];
const UCD_NAMES: [&str; 11] = [
    "UCD2A", "UCD2B", "UCD2C", "UCD2D", "UCD2E", "UCD2F", "UCD2G", "UCD2H", "UCD2I", "UCD2J",
    "UCD2K",
];
const FCD_NAMES: [&str; 11] = [
    "FCD2A", "FCD2B", "FCD2C", "FCD2D", "FCD2E", "FCD2F", "FCD2G", "FCD2H", "FCD2I", "FCD2J",
    "FCD2K",
];

const EC_ITEMS: [(&str, &str); 10] = [
    (
        "EC6",
        "Can identify or name at least ten letters of the alphabet",
    ),
    ("EC7", "Can read at least four simple, popular words"),
    (
        "EC8",
        "Knows the name and recognizes the symbol of all numbers from 1 to 10",
    ),
    ("EC9", "Can pick up a small object with two fingers"),
    ("EC10", "Is sometimes too sick to play"),
    (
        "EC11",
        "Follows simple directions on how to do something correctly",
    ),
    (
        "EC12",
        "When given something to do, is able to do it independently",
    ),
    ("EC13", "Gets along well with other children"),
    ("EC14", "Kicks, bites or hits other children or adults"),
    ("EC15", "Gets distracted easily"),
];

/// IM6 day, month and year variables of every antigen, named `<stem>D`, `<stem>M`, `<stem>Y`
/// (the names are built once and live as long as the program).
static VACCINATION_ITEMS: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    let mut items = Vec::new();
    for (stem, antigen, _, _) in ANTIGENS {
        for (part, what) in [("D", "Day"), ("M", "Month"), ("Y", "Year")] {
            let name: &'static str = Box::leak(format!("{stem}{part}").into_boxed_str());
            let label: &'static str =
                Box::leak(format!("{what} of {antigen} vaccination").into_boxed_str());
            items.push((name, label));
        }
    }
    items
});

const VACCINATION_DATE: Labels = set!(
    "imdate",
    [
        (0, "Not given"),
        (44, "Marked on card"),
        (66, "Mother reported"),
        (97, "Inconsistent"),
        (98, "DK"),
        (99, "No response"),
        (4444, "Marked on card"),
        (6666, "Mother reported"),
        (9997, "Inconsistent"),
        (9998, "DK"),
        (9999, "No response")
    ]
);

/// Child functioning, 2–4 years: UCF7, UCF9, UCF11–UCF19 (labels are tendik's reading of the
/// UNICEF/Washington Group module; unverified against a MICS6 dictionary).
const UCF_ITEMS: [(&str, &str); 11] = [
    ("UCF7", "Difficulty seeing"),
    (
        "UCF9",
        "Difficulty hearing sounds like peoples' voices or music",
    ),
    ("UCF11", "Difficulty walking (with equipment or assistance)"),
    (
        "UCF12",
        "Difficulty walking (without equipment or assistance)",
    ),
    (
        "UCF13",
        "Difficulty walking compared with children of the same age",
    ),
    ("UCF14", "Difficulty picking up small objects with hand"),
    ("UCF15", "Difficulty understanding you"),
    ("UCF16", "Difficulty being understood by you"),
    (
        "UCF17",
        "Difficulty learning things compared with children of the same age",
    ),
    (
        "UCF18",
        "Difficulty playing compared with children of the same age",
    ),
    (
        "UCF19",
        "How much kicks, bites or hits other children or adults compared with children of the same age",
    ),
];

/// Child functioning, 5–17 years: FCF6, FCF8, FCF10, FCF11, FCF14–FCF26 (tendik's reading,
/// as [`UCF_ITEMS`]).
const FCF_ITEMS: [(&str, &str); 17] = [
    ("FCF6", "Difficulty seeing"),
    (
        "FCF8",
        "Difficulty hearing sounds like peoples' voices or music",
    ),
    (
        "FCF10",
        "Difficulty walking 100 yards/meters (with equipment or assistance)",
    ),
    (
        "FCF11",
        "Difficulty walking 500 yards/meters (with equipment or assistance)",
    ),
    (
        "FCF14",
        "Difficulty walking 100 yards/meters compared with children of the same age",
    ),
    (
        "FCF15",
        "Difficulty walking 500 yards/meters compared with children of the same age",
    ),
    (
        "FCF16",
        "Difficulty with self-care such as feeding or dressing",
    ),
    (
        "FCF17",
        "Difficulty being understood by people inside this household",
    ),
    (
        "FCF18",
        "Difficulty being understood by people outside this household",
    ),
    (
        "FCF19",
        "Difficulty learning things compared with children of the same age",
    ),
    (
        "FCF20",
        "Difficulty remembering things compared with children of the same age",
    ),
    (
        "FCF21",
        "Difficulty concentrating on an activity that he/she enjoys doing",
    ),
    ("FCF22", "Difficulty accepting changes in his/her routine"),
    (
        "FCF23",
        "Difficulty controlling his/her behaviour compared with children of the same age",
    ),
    ("FCF24", "Difficulty making friends"),
    ("FCF25", "How often seems very anxious, nervous or worried"),
    ("FCF26", "How often seems very sad or depressed"),
];

const DIFFICULTY: Labels = set!(
    "difficulty",
    [
        (1, "No difficulty"),
        (2, "Some difficulty"),
        (3, "A lot of difficulty"),
        (4, "Cannot at all"),
        (9, "No response")
    ]
);

const FREQUENCY: Labels = set!(
    "frequency",
    [
        (1, "Daily"),
        (2, "Weekly"),
        (3, "Monthly"),
        (4, "A few times a year"),
        (5, "Never"),
        (9, "No response")
    ]
);

const ZSCORE_CODES: Labels = set!(
    "zscore",
    [
        (99.97, "Out of range"),
        (99.98, "Z-score out of range"),
        (99.99, "Not measured")
    ]
);
const FLAG: Labels = set!("flag", [(0, "Not flagged"), (1, "Flagged (implausible)")]);

/// The `ch` file.
pub(crate) fn ch() -> Vec<Var<ChRecord>> {
    let mut v = keys::<ChRecord>();
    v.extend([
        var(
            "LN",
            "Line number",
            Kind::Byte,
            Labels::None,
            |r: &ChRecord| num(f64::from(r.ln)),
        ),
        var(
            "UF4",
            "Mother's / Caretaker's line number",
            Kind::Byte,
            Labels::None,
            |r| num(r.uf4),
        ),
        var(
            "UF17",
            "Result of interview for children under 5",
            Kind::Byte,
            RESULT_INDIVIDUAL,
            |r| num(f64::from(r.uf17)),
        ),
        var("HL4", "Sex", Kind::Byte, SEX, |r| num(f64::from(r.hl4))),
        var("UB2", "Child's age", Kind::Byte, Labels::None, |r| {
            num(r.ub2)
        }),
        var("CAGE", "Age (months)", Kind::Byte, Labels::None, |r| {
            num(r.cage)
        }),
        var("CAGED", "Age (days)", Kind::Int, Labels::None, |r| {
            num(r.caged)
        }),
        var(
            "melevel",
            "Mother's education",
            Kind::Byte,
            EDUCATION,
            |r| num(r.melevel),
        ),
        var(
            "AN8",
            "Child's weight (kilograms)",
            Kind::Double,
            set!("AN8", [(99.9, "Not measured")]),
            |r| num(r.an8),
        ),
        var(
            "AN11",
            "Child's length or height (centimetres)",
            Kind::Double,
            set!("AN11", [(999.9, "Not measured")]),
            |r| num(r.an11),
        ),
        var(
            "AN12",
            "Child measured lying down or standing up",
            Kind::Byte,
            set!("AN12", [(1, "Lying down"), (2, "Standing up")]),
            |r| num(r.an12),
        ),
        var(
            "HAZ2",
            "Height for age Z-score (WHO)",
            Kind::Double,
            ZSCORE_CODES,
            |r| num(r.haz2),
        ),
        var(
            "WAZ2",
            "Weight for age Z-score (WHO)",
            Kind::Double,
            ZSCORE_CODES,
            |r| num(r.waz2),
        ),
        var(
            "WHZ2",
            "Weight for height Z-score (WHO)",
            Kind::Double,
            ZSCORE_CODES,
            |r| num(r.whz2),
        ),
        var("HAZFLAG", "Flag for HAZ2", Kind::Byte, FLAG, |r| {
            num(r.hazflag)
        }),
        var("WAZFLAG", "Flag for WAZ2", Kind::Byte, FLAG, |r| {
            num(r.wazflag)
        }),
        var("WHZFLAG", "Flag for WHZ2", Kind::Byte, FLAG, |r| {
            num(r.whzflag)
        }),
        var(
            "BR1",
            "Child has birth certificate",
            Kind::Byte,
            set!(
                "BR1",
                [
                    (1, "Yes, seen"),
                    (2, "Yes, not seen"),
                    (3, "No"),
                    (8, "DK"),
                    (9, "No response")
                ]
            ),
            |r| num(r.br1),
        ),
        var(
            "BR2",
            "Child's birth registered with civil authorities",
            Kind::Byte,
            YES_NO_DK,
            |r| num(r.br2),
        ),
        var(
            "BR3",
            "Knows how to register birth",
            Kind::Byte,
            YES_NO_DK,
            |r| num(r.br3),
        ),
    ]);
    v.extend(array_vars(
        &[
            ("UB1D", "Day of birth of child"),
            ("UB1M", "Month of birth of child"),
            ("UB1Y", "Year of birth of child"),
        ],
        Kind::Int,
        Labels::None,
        |r: &ChRecord| &r.ub1,
    ));
    v.push(var(
        "BD2",
        "Child ever been breastfed",
        Kind::Byte,
        YES_NO_DK,
        |r| num(r.bd2),
    ));
    v.push(var(
        "BD3",
        "Child still being breastfed",
        Kind::Byte,
        YES_NO_DK,
        |r| num(r.bd3),
    ));
    let diet: Vec<(&'static str, &'static str)> = DIET.iter().map(|d| (d.0, d.1)).collect();
    v.extend(array_vars(&diet, Kind::Byte, YES_NO_DK, |r: &ChRecord| {
        &r.diet
    }));
    v.push(var(
        "IM2",
        "Has a vaccination card or other vaccination document",
        Kind::Byte,
        set!(
            "IM2",
            [
                (1, "Yes, only a vaccination card"),
                (2, "Yes, only other document"),
                (3, "Yes, card and other document"),
                (4, "No card and no other document"),
                (8, "DK"),
                (9, "No response")
            ]
        ),
        |r| num(r.vaccination.im2),
    ));
    v.push(var(
        "IM5",
        "Vaccination card or other document seen",
        Kind::Byte,
        set!(
            "IM5",
            [
                (1, "Yes, only card seen"),
                (2, "Yes, only other document seen"),
                (3, "Yes, card and other document seen"),
                (4, "No card or other document seen"),
                (9, "No response")
            ]
        ),
        |r| num(r.vaccination.im5),
    ));
    v.extend(array_vars(
        &VACCINATION_ITEMS,
        Kind::Int,
        VACCINATION_DATE,
        |r: &ChRecord| &r.vaccination.dates,
    ));
    for (k, (name, label)) in RECALL.into_iter().enumerate() {
        let labels = if label.starts_with("Number") {
            set!("imtimes", [(8, "DK"), (9, "No response")])
        } else if name == "IM15" {
            set!(
                "IM15",
                [
                    (1, "Yes, within 24 hours"),
                    (2, "Yes, later"),
                    (3, "No"),
                    (8, "DK"),
                    (9, "No response")
                ]
            )
        } else {
            YES_NO_DK
        };
        v.push(Var {
            name,
            label,
            kind: Kind::Byte,
            labels,
            get: Box::new(move |r: &ChRecord| num(r.vaccination.recall[k])),
        });
    }
    v.extend(array_vars(
        &EC_ITEMS,
        Kind::Byte,
        YES_NO_DK,
        |r: &ChRecord| &r.ec,
    ));
    let ucd: Vec<_> = UCD_NAMES.into_iter().zip(DISCIPLINE_ITEMS).collect();
    v.extend(array_vars(&ucd, Kind::Byte, DISCIPLINE, |r: &ChRecord| {
        &r.cd
    }));
    v.extend(array_vars(
        &UCF_ITEMS[..10],
        Kind::Byte,
        DIFFICULTY,
        |r: &ChRecord| &r.ucf[..10],
    ));
    v.push(var(
        "UCF19",
        UCF_ITEMS[10].1,
        Kind::Byte,
        set!(
            "UCF19",
            [
                (1, "Not at all"),
                (2, "Less"),
                (3, "The same"),
                (4, "More"),
                (5, "A lot more"),
                (9, "No response")
            ]
        ),
        |r| num(r.ucf[10]),
    ));
    v.extend(design::<ChRecord>(Some((
        "chweight",
        "Children under 5's sample weight",
        chweight,
    ))));
    v
}

/// The `fs` file.
pub(crate) fn fs() -> Vec<Var<FsRecord>> {
    let mut v = keys::<FsRecord>();
    v.extend([
        var(
            "LN",
            "Line number",
            Kind::Byte,
            Labels::None,
            |r: &FsRecord| num(f64::from(r.ln)),
        ),
        var(
            "FS4",
            "Mother's / Caretaker's line number",
            Kind::Byte,
            Labels::None,
            |r| num(r.fs4),
        ),
        var(
            "FS17",
            "Result of interview for children age 5-17 years",
            Kind::Byte,
            RESULT_INDIVIDUAL,
            |r| num(f64::from(r.fs17)),
        ),
        var("HL4", "Sex", Kind::Byte, SEX, |r| num(f64::from(r.hl4))),
        var("CB3", "Age of child", Kind::Byte, Labels::None, |r| {
            num(r.cb3)
        }),
        var(
            "CB7",
            "Attended school during current school year",
            Kind::Byte,
            YES_NO,
            |r| num(r.cb7),
        ),
        var(
            "CB8A",
            "Level of education attended current school year",
            Kind::Byte,
            LEVEL,
            |r| num(r.cb8a),
        ),
        var(
            "melevel",
            "Mother's education",
            Kind::Byte,
            EDUCATION,
            |r| num(r.melevel),
        ),
    ]);
    let fcd: Vec<_> = FCD_NAMES.into_iter().zip(DISCIPLINE_ITEMS).collect();
    v.extend(array_vars(&fcd, Kind::Byte, DISCIPLINE, |r: &FsRecord| {
        &r.cd
    }));
    v.extend(array_vars(
        &FCF_ITEMS[..15],
        Kind::Byte,
        DIFFICULTY,
        |r: &FsRecord| &r.fcf[..15],
    ));
    v.extend(array_vars(
        &FCF_ITEMS[15..],
        Kind::Byte,
        FREQUENCY,
        |r: &FsRecord| &r.fcf[15..],
    ));
    v.extend(design::<FsRecord>(Some((
        "fsweight",
        "Children age 5-17 years sample weight",
        fsweight,
    ))));
    v
}

/// The `wm` file.
pub(crate) fn wm() -> Vec<Var<WmRecord>> {
    let mut v = keys::<WmRecord>();
    v.extend([
        var(
            "LN",
            "Line number",
            Kind::Byte,
            Labels::None,
            |r: &WmRecord| num(f64::from(r.ln)),
        ),
        var(
            "WM17",
            "Result of woman's interview",
            Kind::Byte,
            RESULT_INDIVIDUAL,
            |r| num(f64::from(r.wm17)),
        ),
        var("WB4", "Age of woman", Kind::Byte, Labels::None, |r| {
            num(r.wb4)
        }),
        var(
            "MA1",
            "Currently married or living with a man",
            Kind::Byte,
            set!(
                "MA1",
                [
                    (1, "Yes, currently married"),
                    (2, "Yes, living with a man"),
                    (3, "No, not in union"),
                    (9, "No response")
                ]
            ),
            |r| num(r.ma1),
        ),
        var(
            "WAGEM",
            "Age at first marriage/union",
            Kind::Byte,
            Labels::None,
            |r| num(r.wagem),
        ),
        var("welevel", "Education", Kind::Byte, EDUCATION, |r| {
            num(r.welevel)
        }),
    ]);
    v.extend(design::<WmRecord>(Some((
        "wmweight",
        "Women's sample weight",
        wmweight,
    ))));
    v
}
