import { render } from 'preact';

render(<main><h1>整改监督</h1></main>, document.getElementById('app')!);
