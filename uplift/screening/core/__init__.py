"""Pure computational core of screening and assignment: numpy and HiGHS, no Django."""

from .assignment import solve_assignment
from .explain import ActivityStanding, activity_standing
from .greedy import greedy_assignment
from .impact import ImpactInputs, ImpactScores, ImpactWeights, impact_scores
from .problem import AssignmentProblem, AssignmentResult, ModelSize, Partition, QuotaShortfall
from .reduction import Reduction, reduce_model

__all__ = [
    "ActivityStanding", "activity_standing", "AssignmentProblem", "AssignmentResult", "ImpactInputs",
    "ImpactScores", "ImpactWeights", "ModelSize", "Partition", "QuotaShortfall", "Reduction",
    "greedy_assignment", "impact_scores", "reduce_model", "solve_assignment",
]
