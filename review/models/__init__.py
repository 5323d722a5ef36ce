from .agency import (
    Agency,
    AgencyMember,
    ConsultingClient,
    ExpertProfile,
    Panel,
    PanelMember,
    PastEmployment,
    Pledge,
)
from .bar import BarSubject, ReviewerBar
from .conflict import Conflict, ConflictSource, ConflictType
from .report import ReportFile
from .scoring import (
    PERCENT_STEPS,
    Assignment,
    AssignmentState,
    CategoryComment,
    ConsensusScore,
    DocumentResult,
    ItemScore,
    Scorecard,
    ScorecardState,
    ScoreLayer,
)
from .site import SiteTeamMember, SiteVisit
from .survey import Question, Questionnaire, Respondent, RespondentGroup, SurveyAnswer

__all__ = [
    "PERCENT_STEPS",
    "Agency",
    "AgencyMember",
    "Assignment",
    "AssignmentState",
    "BarSubject",
    "CategoryComment",
    "Conflict",
    "ConflictSource",
    "ConflictType",
    "ConsensusScore",
    "ConsultingClient",
    "DocumentResult",
    "ExpertProfile",
    "ItemScore",
    "Panel",
    "PanelMember",
    "PastEmployment",
    "Pledge",
    "Question",
    "Questionnaire",
    "ReportFile",
    "ReviewerBar",
    "Respondent",
    "RespondentGroup",
    "Scorecard",
    "ScorecardState",
    "ScoreLayer",
    "SiteTeamMember",
    "SiteVisit",
    "SurveyAnswer",
]
