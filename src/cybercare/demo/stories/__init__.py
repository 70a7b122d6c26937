"""What happened to each demo household, told through the use cases, each at its moment.

Members write in their own language (the case language, Art. 11.4); staff notes are written in
English, the working language of the demo's assistance platform. One module per household.
"""

from __future__ import annotations

from collections.abc import Callable

from cybercare.db.uow import UnitOfWork
from cybercare.demo.stories.dubois import dubois, lambert
from cybercare.demo.stories.janssens import janssens
from cybercare.demo.stories.lejeune import lejeune
from cybercare.demo.stories.mertens import mertens
from cybercare.demo.stories.schmitt import schmitt
from cybercare.demo.stories.smith import smith
from cybercare.demo.stories.willems import willems
from cybercare.demo.world import Demo, Household

Story = Callable[[UnitOfWork, Demo, Household], None]

STORIES: dict[str, Story] = {
    "janssens": janssens,
    "dubois": dubois,
    "lambert": lambert,
    "willems": willems,
    "schmitt": schmitt,
    "smith": smith,
    "mertens": mertens,
    "lejeune": lejeune,
}
