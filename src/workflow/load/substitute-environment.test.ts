// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are the DSL's own ${VAR} syntax.
import { describe, expect, it } from 'vitest';
import { substituteEnvironment } from './substitute-environment.ts';

describe('substituteEnvironment', () => {
  it('replaces variables, applies defaults when unset or empty, and keeps $${ literal', () => {
    expect(
      substituteEnvironment('${HOST:-localhost}:${PORT} ${EMPTY:-x} $${HOME}', { PORT: '80', EMPTY: '' }),
    ).toEqual({
      text: 'localhost:80 x ${HOME}',
      missing: [],
    });
  });

  it('reports each missing variable with its offset, and leaves other ${…} text alone', () => {
    expect(substituteEnvironment('a ${KEY} ${not a name} ${KEY}', {})).toEqual({
      text: 'a  ${not a name} ',
      missing: [
        { name: 'KEY', offset: 2, length: 6 },
        { name: 'KEY', offset: 23, length: 6 },
      ],
    });
  });

  it('never reads inherited properties of the environment object', () => {
    expect(substituteEnvironment('${toString}', {}).missing).toHaveLength(1);
  });
});
