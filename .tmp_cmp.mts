import nodejieba from 'nodejieba';
import { tokenize } from './src/text/tokenize.ts';
tokenize('x');
for (const s of ['专精特新中小企业', '工业和信息化部', '人工智能科技伦理审查', '超长期特别国债', '行业协会商会', '国家数据要素综合试验区'])
  console.log(s, '\n  cutForSearch:', nodejieba.cutForSearch(s, true).join('/'), '\n  tokenize    :', tokenize(s).join('/'));
