from .application import (
    Application,
    ApplicationKind,
    ApplicationState,
    AvoidanceRequest,
    CorrectionRequest,
    Endorsement,
    Evidence,
    EvidenceKind,
    QualificationReview,
    Recusal,
    SelfAssessment,
    YearFigure,
)
from .award import Award, AwardKind
from .calendar import CalendarDay, CalendarYear
from .cycle import Cycle, CycleStage
from .notice import Notice, NoticeEntry, NoticeKind
from .standard import ScoringStandard, StandardCategory, StandardItem

__all__ = [
    "Application",
    "ApplicationKind",
    "ApplicationState",
    "AvoidanceRequest",
    "Award",
    "AwardKind",
    "CalendarDay",
    "CalendarYear",
    "CorrectionRequest",
    "Cycle",
    "CycleStage",
    "Endorsement",
    "Evidence",
    "EvidenceKind",
    "Notice",
    "NoticeEntry",
    "NoticeKind",
    "QualificationReview",
    "Recusal",
    "ScoringStandard",
    "SelfAssessment",
    "StandardCategory",
    "StandardItem",
    "YearFigure",
]
