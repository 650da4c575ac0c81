import numpy as np

from uplift.screening.core.needs import ACTIVITY_CODES, NeedsAnswers, activity_need


def test_needs_follow_the_answers_and_stay_in_range():
    answers = NeedsAnswers(online_presence=[0, 3, np.nan], has_successor=[True, False, False],
                           max_star_rating=[0, 5, 3], standards_held=[0, 2, 1],
                           production_problems=[3, 0, np.nan], environmental_practice=[0, 3, np.nan])
    need = activity_need(answers, ACTIVITY_CODES + ("other",))
    assert need.shape == (3, 8) and need.min() >= 0 and need.max() <= 1
    glob, digital, successor, identity, standards, lean, sustainable, other = need.T
    assert glob[1] > glob[0] and digital[0] > digital[1]
    assert successor.tolist() == [1.0, 0.2, 0.2]
    assert np.allclose(identity, [0.5, 1.0, 0.8])
    assert standards.tolist() == [1.0, 0.3, 0.6]
    assert np.allclose(lean, [1.0, 0.3, 0.65]) and np.allclose(sustainable, [1.0, 0.3, 0.65])
    assert identity[1] == 1.0 and other.tolist() == [0.5] * 3
