<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AdminPage</name>
    <message>
        <location filename="../../desktop/ui/setup_wizard.py" line="118"/>
        <source>管理员账户</source>
        <translation>Administrator account</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup_wizard.py" line="119"/>
        <source>管理员负责添加调解员账户和本组织的设置。请牢记密码。</source>
        <translation>The administrator adds the mediators&apos; accounts and keeps the organisation&apos;s settings. Remember the password.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup_wizard.py" line="130"/>
        <source>登录名</source>
        <translation>Login name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup_wizard.py" line="131"/>
        <source>密码（至少{n}位）</source>
        <translation>Password (at least {n} characters)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup_wizard.py" line="132"/>
        <source>再输入一次</source>
        <translation>Password again</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup_wizard.py" line="137"/>
        <source>两次输入的密码不一致</source>
        <translation>The two passwords differ</translation>
    </message>
</context>
<context>
    <name>AmountEdit</name>
    <message>
        <location filename="../../desktop/ui/inputs.py" line="58"/>
        <source>金额（元），如 12,300.50</source>
        <translation>Amount in yuan, e.g. 12,300.50</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/inputs.py" line="73"/>
        <source>大写：{daxie}</source>
        <translation>In words: {daxie}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/inputs.py" line="83"/>
        <source>请填写金额</source>
        <translation>Enter an amount</translation>
    </message>
</context>
<context>
    <name>CaseListPage</name>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="83"/>
        <source>搜索：姓名、单位、身份证号、电话、案号或案情（Ctrl+F）</source>
        <translation>Search: name, employer, ID number, phone, case number or facts (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="90"/>
        <source>全部状态</source>
        <translation>All states</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="91"/>
        <source>全部类型</source>
        <translation>All types</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="92"/>
        <source>全部来源</source>
        <translation>All sources</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="93"/>
        <source>全部调解员</source>
        <translation>All mediators</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="95"/>
        <location filename="../../desktop/ui/case_list.py" line="96"/>
        <source>不限</source>
        <translation>Any</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="97"/>
        <source>集体争议</source>
        <translation>Collective dispute</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="99"/>
        <source>有超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="103"/>
        <source>列表只列出前 {n} 件；请用筛选或搜索缩小范围。</source>
        <translation>The list shows the first {n} cases only; narrow it with the filters or a search.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="109"/>
        <source>导出 Excel…</source>
        <translation>Export to Excel...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="153"/>
        <source>收案日期</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="204"/>
        <source>正在统计……</source>
        <translation>Counting...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="212"/>
        <source>共 {n} 件</source>
        <translation>Cases: {n}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="214"/>
        <source>（搜索索引正在重建，结果可能不全）</source>
        <translation> (the search index is being rebuilt; results may be incomplete)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="250"/>
        <source>案件列表-{day}.xlsx</source>
        <translation>cases-{day}.xlsx</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="251"/>
        <source>导出案件列表</source>
        <translation>Export the case list</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="252"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="266"/>
        <source>正在导出案件列表……</source>
        <translation>Exporting the case list...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_list.py" line="279"/>
        <source>已导出 {n} 件</source>
        <translation>Cases exported: {n}</translation>
    </message>
</context>
<context>
    <name>CasePage</name>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="98"/>
        <source>正在读取……</source>
        <translation>Reading...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="113"/>
        <source>方</source>
        <translation>Side</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="114"/>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="115"/>
        <source>姓名/名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="116"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="116"/>
        <source>代表</source>
        <translation>Representative</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="118"/>
        <source>证件号码/统一社会信用代码</source>
        <translation>ID number / credit code</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="119"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="120"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="123"/>
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="124"/>
        <source>到期日</source>
        <translation>Due on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="125"/>
        <source>剩余</source>
        <translation>Remaining</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="127"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="128"/>
        <source>依据</source>
        <translation>Basis</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="131"/>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="132"/>
        <location filename="../../desktop/ui/case_page.py" line="141"/>
        <location filename="../../desktop/ui/case_page.py" line="148"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="133"/>
        <location filename="../../desktop/ui/case_page.py" line="149"/>
        <source>事项</source>
        <translation>Step</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="134"/>
        <source>登记</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="136"/>
        <location filename="../../desktop/ui/case_page.py" line="150"/>
        <source>经办人</source>
        <translation>Done by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="137"/>
        <source>记录时间</source>
        <translation>Recorded at</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="138"/>
        <location filename="../../desktop/ui/case_page.py" line="151"/>
        <source>内容</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="142"/>
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="143"/>
        <source>调解员</source>
        <translation>Mediator</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="144"/>
        <source>参加人员</source>
        <translation>Present</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="145"/>
        <source>笔录要点</source>
        <translation>Record of the session</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="154"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="155"/>
        <source>操作人</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="156"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="171"/>
        <source>选中图片或 PDF 文件可在此预览。</source>
        <translation>Select an image or a PDF file to preview it here.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="179"/>
        <source>添加附件…</source>
        <translation>Add attachment...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="185"/>
        <source>可把文件拖到下面的列表中；双击打开。</source>
        <translation>Drag files onto the list below; double-click to open one.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="192"/>
        <source>当事人</source>
        <translation>Parties</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="194"/>
        <source>期限</source>
        <comment>the tab listing the case&apos;s deadlines</comment>
        <translation>Deadlines</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="195"/>
        <source>协议</source>
        <translation>Agreement</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="207"/>
        <source>调解记录</source>
        <translation>Sessions</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="209"/>
        <source>履行与回访</source>
        <translation>Performance and follow-up</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="210"/>
        <source>办理经过</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="215"/>
        <source>文书</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="288"/>
        <source>自 {day} 起 1 年。{rule}</source>
        <translation>1 year from {day}. {rule}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="290"/>
        <source>自 {day} 起 {n} 个工作日。{rule}</source>
        <translation>{n} working days from {day}. {rule}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="292"/>
        <source>自 {day} 起 {n} 日。{rule}</source>
        <translation>{n} days from {day}. {rule}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="204"/>
        <location filename="../../desktop/ui/case_page.py" line="211"/>
        <source>附件</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="202"/>
        <source>每次调解后用“{step}”记下地点、参加人员和笔录要点；签过字的笔录扫描件请在“{tab}”中添加。</source>
        <translation>After each session, record the place, who was present and the main points with the “{step}” step; add the scan of the signed record under “{tab}”.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="217"/>
        <source>操作记录</source>
        <translation>Audit trail</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="238"/>
        <source>第{n}号 {name}</source>
        <translation>No. {n} {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="239"/>
        <source>视为不愿协商</source>
        <translation>Deemed unwilling to negotiate</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="262"/>
        <source>争议类型：{types}</source>
        <translation>Dispute types: {types}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="264"/>
        <source>涉及劳动者：{n} 人</source>
        <translation>Workers involved: {n}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="266"/>
        <source>标记：{flags}</source>
        <translation>Flags: {flags}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="269"/>
        <source>来源：{source}&#x3000;收案：{received}&#x3000;受理：{accepted}&#x3000;调解员：{mediator}</source>
        <translation>Source: {source}   Received: {received}   Accepted: {accepted}   Mediator: {mediator}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="272"/>
        <source>未指派</source>
        <translation>not assigned</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="274"/>
        <source>请求金额：{amount} 元（{daxie}）</source>
        <translation>Amount claimed: {amount} ({daxie})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="277"/>
        <source>案情：{summary}</source>
        <translation>Facts: {summary}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="280"/>
        <source>法院/仲裁案号：{number}</source>
        <translation>Court or arbitration case number: {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="282"/>
        <source>关联案件：{number}</source>
        <translation>Linked case: {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="312"/>
        <source>只读用户不能办理案件。</source>
        <translation>Read-only users cannot work on cases.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="351"/>
        <source>选择附件</source>
        <translation>Choose attachments</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="367"/>
        <source>正在添加附件……</source>
        <translation>Adding attachments...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="376"/>
        <source>此类文件不能预览，双击用系统程序打开。</source>
        <translation>No preview for this kind of file; double-click to open it with the system&apos;s program.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="379"/>
        <source>正在生成预览……</source>
        <translation>Making the preview...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="392"/>
        <source>无法预览此文件（可能已损坏），双击用系统程序打开。</source>
        <translation>This file cannot be previewed (it may be damaged); double-click to open it with the system&apos;s program.</translation>
    </message>
</context>
<context>
    <name>CaseTableModel</name>
    <message>
        <location filename="../../desktop/ui/case_table.py" line="70"/>
        <source>案号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_table.py" line="71"/>
        <source>申请人</source>
        <translation>Applicants</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_table.py" line="72"/>
        <source>被申请人</source>
        <translation>Respondents</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_table.py" line="73"/>
        <source>争议类型</source>
        <translation>Dispute type</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_table.py" line="75"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_table.py" line="77"/>
        <source>收案日期</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_table.py" line="78"/>
        <source>受理日期</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_table.py" line="79"/>
        <source>调解员</source>
        <translation>Mediator</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_table.py" line="80"/>
        <source>下一期限</source>
        <translation>Next deadline</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_table.py" line="81"/>
        <source>剩余</source>
        <translation>Remaining</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_table.py" line="82"/>
        <source>请求金额</source>
        <translation>Claimed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_table.py" line="84"/>
        <source>协议金额</source>
        <translation>Agreed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_table.py" line="86"/>
        <source>标记</source>
        <translation>Flags</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_table.py" line="158"/>
        <source>点击按此列排序</source>
        <translation>Click to sort by this column</translation>
    </message>
</context>
<context>
    <name>ChoicePage</name>
    <message>
        <location filename="../../desktop/ui/setup_wizard.py" line="44"/>
        <source>欢迎使用调解台</source>
        <translation>Welcome to Tiaojie Desk</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup_wizard.py" line="45"/>
        <source>这台电脑上还没有工作站。请选择：</source>
        <translation>There is no station on this computer yet. Choose one:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup_wizard.py" line="46"/>
        <source>设置本组织的工作站（正式使用）</source>
        <translation>Set up your organisation&apos;s station (for real work)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup_wizard.py" line="49"/>
        <source>打开演示工作站（{n} 件虚构案件，用于熟悉操作）</source>
        <translation>Open a demo station ({n} made-up cases, to learn the program)</translation>
    </message>
</context>
<context>
    <name>ClaimRow</name>
    <message>
        <location filename="../../desktop/ui/intake_rows.py" line="27"/>
        <source>请求事项，如：支付拖欠工资</source>
        <translation>Claim, e.g. pay the wages owed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake_rows.py" line="32"/>
        <source>删除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake_rows.py" line="56"/>
        <source>请填写请求事项</source>
        <translation>Enter what is claimed</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="37"/>
        <source>今天到期</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="38"/>
        <source>七天内到期</source>
        <translation>Due within 7 days</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="39"/>
        <source>已超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="98"/>
        <source>本月收案</source>
        <translation>Received this month</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="99"/>
        <source>正在办理</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="100"/>
        <source>今年调解成功率</source>
        <translation>Success rate this year</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="101"/>
        <source>今年发出调解建议书</source>
        <translation>Recommendations issued this year</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="102"/>
        <location filename="../../desktop/ui/dashboard.py" line="164"/>
        <source>未结集体争议</source>
        <translation>Open collective disputes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="121"/>
        <source>期限类别</source>
        <translation>Deadline kind</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="123"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="127"/>
        <location filename="../../desktop/ui/dashboard.py" line="147"/>
        <location filename="../../desktop/ui/dashboard.py" line="149"/>
        <location filename="../../desktop/ui/dashboard.py" line="153"/>
        <source>案号</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="128"/>
        <source>期限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="129"/>
        <source>到期日</source>
        <translation>Due on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="130"/>
        <source>剩余</source>
        <translation>Remaining</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="131"/>
        <source>性质</source>
        <translation>Nature</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="150"/>
        <source>回访期限</source>
        <translation>Follow-up due</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="154"/>
        <source>人数</source>
        <translation>Workers</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="155"/>
        <source>下一期限</source>
        <translation>Next deadline</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="162"/>
        <source>今日约定调解</source>
        <translation>Sessions set for today</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="163"/>
        <source>待回访（七天内及已超期）</source>
        <translation>Follow-ups due (7 days and overdue)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="189"/>
        <source>调解安排</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="190"/>
        <source>当事人可选</source>
        <translation>Parties&apos; option</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="190"/>
        <source>本组织职责</source>
        <translation>Our duty</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="235"/>
        <source>{title}（{n}）</source>
        <translation>{title} ({n})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="241"/>
        <location filename="../../desktop/ui/dashboard.py" line="249"/>
        <source>{label}（{n}）</source>
        <translation>{label} ({n})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="247"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="273"/>
        <source>双击一行打开案件。</source>
        <translation>Double-click a line to open its case.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/dashboard.py" line="274"/>
        <source>（只显示最早的 {n} 项）</source>
        <translation> (only the earliest {n} are shown)</translation>
    </message>
</context>
<context>
    <name>DateEdit</name>
    <message>
        <location filename="../../desktop/ui/inputs.py" line="111"/>
        <source>未填</source>
        <translation>Not given</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/inputs.py" line="112"/>
        <source>可以不填；已选的日期按 Delete 键清除</source>
        <translation>May be left empty; press Delete to clear a chosen day</translation>
    </message>
</context>
<context>
    <name>DocumentsTab</name>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="64"/>
        <source>文书</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="64"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="64"/>
        <source>文书核验码</source>
        <translation>Document code</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="65"/>
        <source>签发</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="71"/>
        <source>加盖本单位印章图像（电子稿）</source>
        <translation>Place the seal image (electronic copy)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="73"/>
        <source>使用已采集的签名图像</source>
        <translation>Use captured signature images</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="79"/>
        <source>制作文书</source>
        <translation>Issue document</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="80"/>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="81"/>
        <source>用系统程序打开</source>
        <translation>Open in system viewer</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="82"/>
        <source>另存为…</source>
        <translation>Save as…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="83"/>
        <source>关联签章扫描件…</source>
        <translation>Link signed scan…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="84"/>
        <source>采集签名…</source>
        <translation>Capture signature…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="85"/>
        <source>导出卷宗…</source>
        <translation>Export dossier…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="95"/>
        <source>默认流程：打印 → 当事人签名、调解员签名 → 加盖印章 → 扫描后用“关联签章扫描件”存档。文件带有防篡改数字签名（不是可靠电子签名）。</source>
        <translation>Usual path: print → parties and mediator sign → seal → scan and file it with “Link signed scan”. Files carry a tamper-evidence digital signature (not a reliable e-signature in law).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="124"/>
        <source>可制作</source>
        <translation>Can be issued</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="126"/>
        <source>缺少：{items}</source>
        <translation>Missing: {items}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="128"/>
        <source>已不可再制作</source>
        <translation>No longer available</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="130"/>
        <source>；原件已记录签章：{done}；尚缺：{left}</source>
        <translation>; recorded on the signed original: {done}; still wanting: {left}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="131"/>
        <location filename="../../desktop/ui/documents_tab.py" line="132"/>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="138"/>
        <source>，已附签章扫描件</source>
        <translation>, signed scan attached</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="139"/>
        <source>（电子稿）</source>
        <translation> (electronic copy)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="141"/>
        <source>第{n}版 {number}</source>
        <translation>Version {n} {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="142"/>
        <source>已签发{marks}{scan}</source>
        <translation>Issued{marks}{scan}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="152"/>
        <source>本站文书样式未采用（已改用内置样式）：</source>
        <translation>Station forms not used (the built-in form is used instead):</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="202"/>
        <source>正在制作文书……</source>
        <translation>Issuing the document…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="231"/>
        <source>另存为</source>
        <translation>Save as</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="232"/>
        <source>{title}-第{n}版.pdf</source>
        <translation>{title}-v{n}.pdf</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="246"/>
        <source>选择签章原件扫描件</source>
        <translation>Choose the signed scan</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="247"/>
        <source>扫描件 (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)</source>
        <translation>Scans (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="259"/>
        <source>输入文书核验码</source>
        <translation>Enter the document code</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="260"/>
        <source>扫描件上没有识别到二维码。请输入二维码旁印的文书核验码：</source>
        <translation>No QR code was found on the scan. Enter the document code printed beside the QR code:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="269"/>
        <source>正在识别扫描件……</source>
        <translation>Reading the scan…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="272"/>
        <source>已关联</source>
        <translation>Linked</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="273"/>
        <source>扫描件已作为《{title}》第{n}版的签章原件存档。</source>
        <translation>The scan is filed as the signed original of “{title}” version {n}.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="288"/>
        <location filename="../../desktop/ui/documents_tab.py" line="303"/>
        <source>导出卷宗</source>
        <translation>Export dossier</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="288"/>
        <source>卷宗-{case_no}.pdf</source>
        <translation>dossier-{case_no}.pdf</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="295"/>
        <source>正在生成卷宗……</source>
        <translation>Building the dossier…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="298"/>
        <source>卷宗已导出：{path}，共 {pages} 页。</source>
        <translation>Dossier exported: {path}, {pages} pages.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/documents_tab.py" line="301"/>
        <source>以下附件不是 PDF 或图片，未并入：{names}</source>
        <translation>These attachments are not PDFs or images and were not bound in: {names}</translation>
    </message>
</context>
<context>
    <name>EventDialog</name>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="126"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="147"/>
        <source>记录“{event}”</source>
        <translation>Record “{event}”</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="148"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="173"/>
        <source>请选择</source>
        <translation>Choose...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="178"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="239"/>
        <source>第 {n} 项：{item}，{amount}，{due} 前</source>
        <translation>Term {n}: {item}, {amount}, by {due}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="256"/>
        <source>勾选没有履行的事项；都不勾选表示全部未履行</source>
        <translation>Tick the terms not performed; none ticked means none was performed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="266"/>
        <source>登记</source>
        <translation>Registration</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="268"/>
        <source>第 {n} 步&#x3000;{day}&#x3000;{step}</source>
        <translation>Step {n}  {day}  {step}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="324"/>
        <source>放弃填写的内容？</source>
        <translation>Discard what you entered?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="325"/>
        <source>这一步填写的内容还没有记录。确定放弃吗？</source>
        <translation>What you entered for this step has not been recorded. Discard it?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="340"/>
        <source>正在记录……</source>
        <translation>Recording...</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <location filename="../../desktop/ui/registers.py" line="89"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="90"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <location filename="../../desktop/ui/help.py" line="37"/>
        <source>调解台使用说明</source>
        <translation>Tiaojie Desk user guide</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/help.py" line="49"/>
        <source>找不到使用说明文件（{path}）。
安装可能不完整，请重新安装调解台。</source>
        <translation>The user guide cannot be found ({path}).
The installation may be incomplete; please reinstall Tiaojie Desk.</translation>
    </message>
</context>
<context>
    <name>IntakeDialog</name>
    <message>
        <location filename="../../desktop/ui/intake.py" line="115"/>
        <source>登记新案件（调解申请）</source>
        <translation>Register a new case (application for mediation)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="128"/>
        <location filename="../../desktop/ui/intake.py" line="295"/>
        <source>收到申请日期</source>
        <translation>Application received on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="133"/>
        <source>委托/委派机关案号</source>
        <translation>Referring body&apos;s case number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="143"/>
        <source>事实和理由：何时入职、做什么工作、发生了什么争议……</source>
        <translation>Facts and reasons: when the worker started, what the job was, what the dispute is about...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="152"/>
        <source>增加请求事项</source>
        <translation>Add a claim</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="157"/>
        <source>按名单计算</source>
        <translation>Count from the list</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="160"/>
        <source>未说明</source>
        <translation>Not stated</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="160"/>
        <source>劳动关系仍存续</source>
        <translation>Employment continues</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="161"/>
        <source>劳动关系已终止</source>
        <translation>Employment has ended</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="187"/>
        <source>案件来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="191"/>
        <source>争议发生日期</source>
        <translation>Dispute arose on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="197"/>
        <source>终止日期</source>
        <translation>Ended on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="200"/>
        <source>劳动关系</source>
        <translation>Employment</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="201"/>
        <source>涉及劳动者人数</source>
        <translation>Number of workers</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="203"/>
        <source>重点群体</source>
        <translation>Groups needing attention</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="218"/>
        <source>申请人</source>
        <translation>Applicants</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="219"/>
        <source>被申请人（派遣单位与用工单位可同为被申请人）</source>
        <translation>Respondents (a dispatch agency and the employing unit may both be respondents)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="227"/>
        <source>争议类型</source>
        <translation>Dispute types</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="228"/>
        <source>请求事项</source>
        <translation>Claims</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="229"/>
        <source>事实和理由</source>
        <translation>Facts and reasons</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="238"/>
        <source>登记</source>
        <translation>Register</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="240"/>
        <source>关闭（保留草稿）</source>
        <translation>Close (keep the draft)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="243"/>
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="294"/>
        <source>材料签收日期</source>
        <translation>Papers received on</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="308"/>
        <source>集体争议（{workers} 名劳动者）一般推举 3 至 5 名代表，现为 {reps} 名：请在名单的“代表”列勾选，或把代表的角色设为“集体争议代表”。</source>
        <translation>A collective dispute ({workers} workers) usually elects 3 to 5 representatives; there are {reps}. Tick them in the list&apos;s Representative column, or set a party&apos;s role to collective representative.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="358"/>
        <source>请先改正标红的内容（共 {count} 处，第一处：{first}）。</source>
        <translation>Correct what is marked in red first ({count} in all; the first: {first}).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="397"/>
        <source>登记完成，请核对</source>
        <translation>Registered: please check</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="398"/>
        <source>案件 {case_no} 已登记。以下几点请核对：</source>
        <translation>Case {case_no} is registered. Please check the following:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="467"/>
        <source>清空登记表？</source>
        <translation>Clear the form?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="468"/>
        <source>清空后，已填写的内容和保存的草稿都会删除，不能恢复。确定清空吗？</source>
        <translation>Everything entered and the saved draft will be deleted and cannot be restored. Clear the form?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake_rows.py" line="82"/>
        <source>{party}：{message}</source>
        <translation>{party}: {message}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake_rows.py" line="80"/>
        <source>申请人“{name}”</source>
        <translation>Applicant &quot;{name}&quot;</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake_rows.py" line="81"/>
        <source>被申请人“{name}”</source>
        <translation>Respondent &quot;{name}&quot;</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="428"/>
        <source>申请人：{problem}</source>
        <translation>Applicant: {problem}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake.py" line="429"/>
        <source>被申请人：{problem}</source>
        <translation>Respondent: {problem}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake_data.py" line="99"/>
        <source>草稿无法保存（{why}），关闭窗口前请先登记。</source>
        <translation>The draft cannot be saved ({why}); register the case before closing the window.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake_data.py" line="116"/>
        <source>上次未登记的草稿无法读取（{why}），本次从空白开始。</source>
        <translation>The draft from last time cannot be read ({why}); starting from a blank form.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake_data.py" line="115"/>
        <source>不是文本文件</source>
        <translation>not a text file</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake_data.py" line="128"/>
        <source>已恢复上次未登记的内容，其中有无法读取的部分已略过。不需要时点“清空”。</source>
        <translation>What you typed last time has been restored; parts that could not be read were skipped. Click &quot;Clear&quot; if you do not need it.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake_data.py" line="130"/>
        <source>已恢复上次未登记的内容。不需要时点“清空”。</source>
        <translation>What you typed last time (not yet registered) has been restored. Click &quot;Clear&quot; if you do not need it.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake_data.py" line="188"/>
        <source>上次未登记的草稿无法读取，已另存为 {name}，本次从空白开始。</source>
        <translation>The draft from last time cannot be read; it was kept as {name}. Starting from a blank form.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../desktop/ui/login.py" line="52"/>
        <location filename="../../desktop/ui/login.py" line="75"/>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="58"/>
        <source>已锁定，请重新登录（也可以换另一位用户登录）。</source>
        <translation>Locked. Log in again (or as another user).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="59"/>
        <source>请输入登录名和密码。</source>
        <translation>Enter your login name and password.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="71"/>
        <source>登录名</source>
        <translation>Login name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="72"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="76"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="109"/>
        <source>演示工作站，数据均为虚构。可用的账户：</source>
        <translation>Demo station; all data is made up. Accounts you can use:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="110"/>
        <source>{name}：{login} / {password}</source>
        <translation>{name}: {login} / {password}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="122"/>
        <source>请填写登录名和密码。</source>
        <translation>Enter a login name and a password.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="127"/>
        <source>正在打开工作站……</source>
        <translation>Opening the station...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="131"/>
        <source>正在核对……</source>
        <translation>Checking...</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="122"/>
        <location filename="../../desktop/ui/main_window.py" line="240"/>
        <source>工作台</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="123"/>
        <location filename="../../desktop/ui/main_window.py" line="144"/>
        <source>案件</source>
        <translation>Cases</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="127"/>
        <source>当前用户：{name}（{role}）</source>
        <translation>Logged in: {name} ({role})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="131"/>
        <source>演示工作站：数据均为虚构，今天按 {day} 计算</source>
        <translation>Demo station: all data is made up; today counts as {day}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="163"/>
        <location filename="../../desktop/ui/main_window.py" line="242"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="198"/>
        <source>案件(&amp;C)</source>
        <translation>&amp;Cases</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="199"/>
        <source>登记新案件…</source>
        <translation>Register a new case...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="203"/>
        <source>查找案件</source>
        <translation>Find a case</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="205"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="209"/>
        <source>核验文书…</source>
        <translation>Check a document…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="211"/>
        <source>工作站(&amp;S)</source>
        <translation>&amp;Station</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="213"/>
        <source>账户、名册与本机构…</source>
        <translation>Accounts, roster and organisation...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="214"/>
        <source>调解员名册与本机构…</source>
        <translation>Mediator roster and organisation...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="215"/>
        <source>设置…</source>
        <translation>Preferences...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="217"/>
        <source>印章图片…</source>
        <translation>Seal image…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="221"/>
        <source>与县仲裁院同步…</source>
        <translation>Sync with the county arbitration court…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="223"/>
        <source>用户(&amp;U)</source>
        <translation>&amp;User</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="224"/>
        <source>锁定</source>
        <translation>Lock</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="225"/>
        <source>切换用户…</source>
        <translation>Switch user...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="227"/>
        <source>修改密码…</source>
        <translation>Change password...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="230"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="232"/>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="233"/>
        <source>使用说明</source>
        <translation>User guide</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="235"/>
        <location filename="../../desktop/ui/main_window.py" line="285"/>
        <source>关于调解台</source>
        <translation>About Tiaojie Desk</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="236"/>
        <source>常用</source>
        <translation>Common</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="241"/>
        <source>案件列表</source>
        <translation>Case list</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="286"/>
        <source>调解台 {version}
劳动人事争议调解工作台，数据保存在本机。

数据文件夹：{folder}</source>
        <translation>Tiaojie Desk {version}
A desk for labour and personnel dispute mediation; the data stays on this computer.

Data folder: {folder}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="389"/>
        <source>还有没记录的内容</source>
        <translation>Unrecorded entries</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="390"/>
        <source>有 {n} 个步骤的表单已经填写但还没有记录，退出后这些内容不会保存。确定退出吗？</source>
        <translation>{n} step form(s) have entries that were not recorded; they will be lost if you quit. Quit anyway?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="399"/>
        <source>仍有操作在进行</source>
        <translation>Work still in progress</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="400"/>
        <source>还有操作没有完成。现在退出会等它完成后再关闭，确定退出吗？</source>
        <translation>Some work has not finished yet. Quitting now waits for it to finish before closing. Quit anyway?</translation>
    </message>
</context>
<context>
    <name>OrganisationPage</name>
    <message>
        <location filename="../../desktop/ui/registers.py" line="335"/>
        <source>机构名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="335"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="336"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="336"/>
        <location filename="../../desktop/ui/setup_wizard.py" line="90"/>
        <source>行政区划代码</source>
        <translation>Division code</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="344"/>
        <source>简称</source>
        <translation>Short name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="345"/>
        <location filename="../../desktop/ui/setup_wizard.py" line="89"/>
        <source>组织类型</source>
        <translation>Type of organisation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="346"/>
        <location filename="../../desktop/ui/setup_wizard.py" line="91"/>
        <source>案号格式</source>
        <translation>Case number pattern</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="350"/>
        <source>调解期限一般自收到调解申请之日起计算（调解仲裁法第十四条）；企业劳动争议调解委员会可自受理之日起计算（17号令）。</source>
        <translation>The mediation period usually counts from the day the application is received (Mediation and Arbitration Law, art. 14); an enterprise&apos;s labour dispute mediation committee may count it from the day the case is accepted (Order No. 17).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="352"/>
        <source>调解期限起算</source>
        <translation>Mediation period counts from</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="354"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="385"/>
        <source>正在保存……</source>
        <translation>Saving...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="389"/>
        <source>已保存。</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="389"/>
        <source>没有改动。</source>
        <translation>Nothing changed.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup_wizard.py" line="68"/>
        <source>本组织</source>
        <translation>Your organisation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup_wizard.py" line="69"/>
        <source>这些内容会出现在案号和文书上，以后管理员可以修改。</source>
        <translation>These details appear in case numbers and documents; an administrator can change them later.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup_wizard.py" line="72"/>
        <source>如：××区××街道劳动人事争议调解中心</source>
        <translation>e.g. XX Street Labour and Personnel Dispute Mediation Centre, XX District</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup_wizard.py" line="75"/>
        <source>如：××街道（用于案号）</source>
        <translation>e.g. XX Street (used in case numbers)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup_wizard.py" line="82"/>
        <source>6位行政区划代码（可不填）</source>
        <translation>6-digit division code (optional)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup_wizard.py" line="87"/>
        <source>组织全称 *</source>
        <translation>Full name *</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup_wizard.py" line="88"/>
        <source>简称 *</source>
        <translation>Short name *</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup_wizard.py" line="102"/>
        <source>行政区划代码应为6位数字</source>
        <translation>The division code must be 6 digits</translation>
    </message>
</context>
<context>
    <name>PartyList</name>
    <message>
        <location filename="../../desktop/ui/party_rows.py" line="200"/>
        <source>增加一名</source>
        <translation>Add one more</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/party_rows.py" line="209"/>
        <source>从 Excel 粘贴劳动者名单</source>
        <translation>Paste a worker list from Excel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/party_rows.py" line="211"/>
        <source>在 Excel 中选中“姓名、身份证号、电话”三列后复制，再点这里</source>
        <translation>In Excel, select the three columns “name, ID number, phone”, copy them, then click here</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/party_rows.py" line="318"/>
        <source>劳动者名单第 {row} 行：{problem}</source>
        <translation>Worker list, row {row}: {problem}</translation>
    </message>
</context>
<context>
    <name>PartyRow</name>
    <message>
        <location filename="../../desktop/ui/party_rows.py" line="31"/>
        <source>集体争议代表</source>
        <translation>Representative (collective dispute)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/party_rows.py" line="32"/>
        <source>劳务派遣单位</source>
        <translation>Dispatch agency</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/party_rows.py" line="33"/>
        <source>用工单位</source>
        <translation>Employing unit</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/party_rows.py" line="56"/>
        <source>姓名或单位名称</source>
        <translation>Name (person or employer)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/party_rows.py" line="61"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/party_rows.py" line="63"/>
        <source>住所/地址</source>
        <translation>Domicile / address</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/party_rows.py" line="65"/>
        <source>法定代表人</source>
        <translation>Legal representative</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/party_rows.py" line="70"/>
        <source>删除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/party_rows.py" line="110"/>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/party_rows.py" line="111"/>
        <source>身份证号码</source>
        <translation>ID card number</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <location filename="../../desktop/ui/sync_dialogs.py" line="45"/>
        <source>设定同步密钥口令</source>
        <translation>Set the sync key passphrase</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_dialogs.py" line="45"/>
        <source>解锁同步密钥</source>
        <translation>Unlock the sync keys</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_dialogs.py" line="57"/>
        <source>同步密钥用这个口令加密保存在本机。请记住它：每次登录后第一次同步时要输入，忘记后只能重新注册。</source>
        <translation>The sync keys are kept on this computer, encrypted with this passphrase. Remember it: you enter it at the first sync after each login, and if it is forgotten the station must enrol again.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_dialogs.py" line="59"/>
        <source>同步密钥口令是注册时设定的口令，本次登录期间只需输入一次。</source>
        <translation>The sync key passphrase is the one set at enrolment; you enter it only once per login.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_dialogs.py" line="62"/>
        <source>新口令</source>
        <translation>New passphrase</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_dialogs.py" line="62"/>
        <source>同步密钥口令</source>
        <translation>Sync key passphrase</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_dialogs.py" line="64"/>
        <source>再输一次</source>
        <translation>Passphrase again</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_dialogs.py" line="81"/>
        <source>两次输入的口令不一样</source>
        <translation>The two passphrases differ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_dialogs.py" line="85"/>
        <source>请输入同步密钥口令</source>
        <translation>Enter the sync key passphrase</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../desktop/ui/registers.py" line="435"/>
        <source>设置</source>
        <translation>Preferences</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="440"/>
        <source>{n} 号</source>
        <translation>{n} pt</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="445"/>
        <source>{n} 分钟</source>
        <translation>{n} minutes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="446"/>
        <source>从不</source>
        <translation>Never</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="454"/>
        <source>字号</source>
        <translation>Font size</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="455"/>
        <source>无操作自动锁定</source>
        <translation>Lock when idle for</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="456"/>
        <source>界面语言（重新启动后生效）</source>
        <translation>Language (after a restart)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="459"/>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="460"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>RosterPage</name>
    <message>
        <location filename="../../desktop/ui/registers.py" line="262"/>
        <location filename="../../desktop/ui/registers.py" line="280"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="263"/>
        <location filename="../../desktop/ui/registers.py" line="281"/>
        <source>专兼职</source>
        <translation>Full or part time</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="264"/>
        <location filename="../../desktop/ui/registers.py" line="283"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="265"/>
        <location filename="../../desktop/ui/registers.py" line="284"/>
        <source>证书编号</source>
        <translation>Certificate number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="266"/>
        <location filename="../../desktop/ui/registers.py" line="305"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="266"/>
        <source>在册</source>
        <translation>On the roster</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="266"/>
        <source>已停用</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="270"/>
        <source>新增调解员…</source>
        <translation>Add a mediator...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="271"/>
        <source>修改…</source>
        <translation>Edit...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="289"/>
        <source>新增调解员</source>
        <translation>Add a mediator</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="302"/>
        <source>在册（可分配新案件）</source>
        <translation>On the roster (can be given new cases)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="304"/>
        <source>修改调解员 {name}</source>
        <translation>Edit mediator {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="310"/>
        <source>停用后，已分配的案件不受影响。</source>
        <translation>Disabling a mediator does not change the cases already assigned.</translation>
    </message>
</context>
<context>
    <name>SealDialog</name>
    <message>
        <location filename="../../desktop/ui/seal_dialog.py" line="36"/>
        <source>印章图片</source>
        <translation>Seal image</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/seal_dialog.py" line="49"/>
        <source>只能导入本单位印章的扫描件（透明背景 PNG，或白底扫描件，白色会自动去除）。程序不会、也不能生成印章。加盖印章图像的文书会标注“电子稿，以签章原件为准”。</source>
        <translation>Import only a scan of your organisation&apos;s own seal (a PNG with transparency, or a scan on white; the white is removed). The program never draws a seal. Documents carrying the seal image are marked “电子稿，以签章原件为准” (electronic copy; the sealed original prevails).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/seal_dialog.py" line="53"/>
        <source>导入印章扫描件…</source>
        <translation>Import seal scan…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/seal_dialog.py" line="56"/>
        <source>移除印章图片</source>
        <translation>Remove seal image</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/seal_dialog.py" line="60"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/seal_dialog.py" line="63"/>
        <source>盖印直径：</source>
        <translation>Printed diameter:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/seal_dialog.py" line="92"/>
        <source>已导入。校验值（SHA-256）：{sha}</source>
        <translation>Imported. SHA-256: {sha}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/seal_dialog.py" line="96"/>
        <source>尚未导入印章图片</source>
        <translation>No seal image imported</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/seal_dialog.py" line="105"/>
        <source>选择印章扫描件</source>
        <translation>Choose the seal scan</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/seal_dialog.py" line="106"/>
        <source>图片 (*.png *.jpg *.jpeg *.bmp *.tif)</source>
        <translation>Images (*.png *.jpg *.jpeg *.bmp *.tif)</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../desktop/ui/setup_wizard.py" line="158"/>
        <source>调解台 — 设置</source>
        <translation>Tiaojie Desk — Setup</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup_wizard.py" line="160"/>
        <source>下一步</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup_wizard.py" line="161"/>
        <source>上一步</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup_wizard.py" line="162"/>
        <source>完成</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup_wizard.py" line="163"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup_wizard.py" line="200"/>
        <source>调解台</source>
        <translation>Tiaojie Desk</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup_wizard.py" line="201"/>
        <source>请换一个数据文件夹（--data-dir）后重试。</source>
        <translation>Choose another data folder (--data-dir) and try again.</translation>
    </message>
</context>
<context>
    <name>SignatureDialog</name>
    <message>
        <location filename="../../desktop/ui/signature_pad.py" line="171"/>
        <source>采集签名</source>
        <translation>Capture signature</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signature_pad.py" line="178"/>
        <source>请签名人在下方签名（鼠标、手写板或触摸屏）。采集的签名图像只作辅助，不是法律意义上的电子签名；使用它的文书会标注“电子稿，以签章原件为准”。</source>
        <translation>Ask the signer to sign below (mouse, pen tablet or touch screen). A captured image is only an aid, not an electronic signature in law; documents using it are marked “电子稿，以签章原件为准”.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signature_pad.py" line="181"/>
        <source>重签</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signature_pad.py" line="185"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signature_pad.py" line="186"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/signature_pad.py" line="191"/>
        <source>签名人：</source>
        <translation>Signer:</translation>
    </message>
</context>
<context>
    <name>StationDialog</name>
    <message>
        <location filename="../../desktop/ui/registers.py" line="406"/>
        <source>工作站管理</source>
        <translation>Station</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="412"/>
        <source>账户</source>
        <translation>Accounts</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="415"/>
        <source>调解员名册</source>
        <translation>Mediator roster</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="419"/>
        <source>本机构</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="421"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../desktop/ui/sync_ops.py" line="22"/>
        <source>未注册</source>
        <translation>Not enrolled</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_ops.py" line="23"/>
        <source>等待县仲裁院回执</source>
        <translation>Awaiting the county arbitration court&apos;s receipt</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_ops.py" line="24"/>
        <source>已注册</source>
        <translation>Enrolled</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_ops.py" line="25"/>
        <source>已吊销</source>
        <translation>Revoked</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_ops.py" line="26"/>
        <source>委派案件</source>
        <translation>Delegated case</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_ops.py" line="27"/>
        <source>审查结果</source>
        <translation>Review result</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_ops.py" line="28"/>
        <source>日程</source>
        <translation>Calendar</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_ops.py" line="29"/>
        <source>调解员证书</source>
        <translation>Mediator certificate</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_ops.py" line="30"/>
        <source>文书格式</source>
        <translation>Document form</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_ops.py" line="31"/>
        <source>通知</source>
        <translation>Notice</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="80"/>
        <source>注册</source>
        <translation>Enrolment</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="81"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="81"/>
        <source>县仲裁院</source>
        <translation>County arbitration court</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="82"/>
        <source>本站编号</source>
        <translation>Station ID</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="82"/>
        <source>交换方式</source>
        <translation>Exchange via</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="83"/>
        <source>同步密钥</source>
        <translation>Sync keys</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="84"/>
        <source>发送与接收</source>
        <translation>Sending and receiving</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="85"/>
        <source>待打包的变更</source>
        <translation>Changes to pack</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="85"/>
        <source>待确认批次</source>
        <translation>Batches awaiting receipt</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="86"/>
        <source>最近回执</source>
        <translation>Last receipt</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="86"/>
        <source>最近联系</source>
        <translation>Last contact</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="87"/>
        <source>拒收的下发</source>
        <translation>Refused downlink</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="88"/>
        <source>全部重新发送</source>
        <translation>Re-send everything</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="92"/>
        <source>数据比对：</source>
        <translation>Data check:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="129"/>
        <location filename="../../desktop/ui/sync_page.py" line="272"/>
        <source>解锁同步密钥…</source>
        <translation>Unlock the sync keys…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="130"/>
        <location filename="../../desktop/ui/sync_page.py" line="276"/>
        <source>注册…</source>
        <translation>Enrol…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="131"/>
        <source>导入回执/下发文件…</source>
        <translation>Import receipt/downlink files…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="132"/>
        <source>导出到 U 盘…</source>
        <translation>Export to USB stick…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="133"/>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="137"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="147"/>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="148"/>
        <source>收到时间</source>
        <translation>Received at</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="149"/>
        <source>条目</source>
        <translation>Items</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="150"/>
        <source>采用</source>
        <translation>Applied</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="151"/>
        <source>拒收</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="152"/>
        <source>说明</source>
        <translation>Summary</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="154"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="155"/>
        <source>下发序号</source>
        <translation>Downlink No.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="156"/>
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="158"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="160"/>
        <source>最近收到的下发</source>
        <translation>Downlink received recently</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="161"/>
        <source>拒收的下发内容</source>
        <translation>Refused downlink items</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="172"/>
        <source>重新采用选中的内容</source>
        <translation>Take the selected item again</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="174"/>
        <source>拒收的原因消除后（例如本站已记录审查所针对的调解协议），重新采用县仲裁院发来的这项内容</source>
        <translation>Once the reason for refusing it is gone (the agreement a review is about has been recorded here, say), take this item from the county again</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="228"/>
        <source>仅 U 盘交换</source>
        <translation>USB stick only</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="229"/>
        <location filename="../../desktop/ui/sync_page.py" line="234"/>
        <source>{n} 项</source>
        <translation>{n} item(s)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="230"/>
        <source>{n} 个（{size}）</source>
        <translation>{n} ({size})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="232"/>
        <location filename="../../desktop/ui/sync_page.py" line="233"/>
        <source>无</source>
        <translation>Never</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="245"/>
        <source>已安排全部重新发送（下次发送时）</source>
        <translation>Full re-send scheduled (at the next send)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="247"/>
        <source>待发送后比对</source>
        <translation>Checked once everything is sent</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="249"/>
        <source>数据一致</source>
        <translation>The data match</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="250"/>
        <source>不一致：县仲裁院的数据与本站不同</source>
        <translation>Mismatch: the county arbitration court&apos;s data differ from this station&apos;s</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="265"/>
        <source>最近错误：{text}</source>
        <translation>Last error: {text}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="272"/>
        <source>锁上同步密钥</source>
        <translation>Lock the sync keys</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="276"/>
        <source>重新注册…</source>
        <translation>Enrol again…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="280"/>
        <source>注册文件中没有县级服务地址：请用 U 盘交换文件</source>
        <translation>The enrolment file gives no county service address: exchange files on a USB stick</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="285"/>
        <source>未解锁</source>
        <translation>Locked</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="287"/>
        <source>已解锁（本次登录有效）</source>
        <translation>Unlocked (for this login)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="289"/>
        <source>已解锁（本次登录有效），每 5 分钟自动同步</source>
        <translation>Unlocked (for this login); syncs every 5 minutes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="290"/>
        <source>已解锁（本次登录有效），每 5 分钟自动同步，上次 {time}</source>
        <translation>Unlocked (for this login); syncs every 5 minutes, last at {time}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="344"/>
        <source>县仲裁院暂时连不上，稍后自动再试</source>
        <translation>The county arbitration court cannot be reached just now; sync will try again automatically</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="391"/>
        <source>正在与县仲裁院同步…</source>
        <translation>Syncing with the county arbitration court…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="396"/>
        <source>已发送 {sent} 个批次，县仲裁院确认 {receipted} 个；收到下发 {received} 个（采用 {applied} 项，拒收 {refused} 项）。</source>
        <translation>Batches sent: {sent}, receipted by the county arbitration court: {receipted}; downlink received: {received} ({applied} item(s) applied, {refused} refused).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="405"/>
        <source>选择 U 盘上的文件夹</source>
        <translation>Choose a folder on the USB stick</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="411"/>
        <source>已在 {folder} 写入 {n} 个文件。把它们交给县仲裁院，再导入县仲裁院给的回执。</source>
        <translation>{n} file(s) written to {folder}. Take them to the county arbitration court, then import the receipts it gives you.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="412"/>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="420"/>
        <source>正在导入…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="424"/>
        <source>导入回执 {receipts} 个，下发 {received} 个（采用 {applied} 项，拒收 {refused} 项）。</source>
        <translation>Receipts imported: {receipts}; downlink: {received} ({applied} item(s) applied, {refused} refused).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="428"/>
        <location filename="../../desktop/ui/sync_page.py" line="481"/>
        <source>注册完成，证书已安装。</source>
        <translation>Enrolled; the certificate is installed. </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="430"/>
        <source>有 {n} 个文件未采用：</source>
        <translation>{n} file(s) not applied:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="441"/>
        <source>已安排：下次同步或导出时全部重新发送。</source>
        <translation>Scheduled: everything is re-sent at the next sync or export.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="471"/>
        <source>正在生成同步密钥…</source>
        <translation>Generating the sync keys…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="482"/>
        <source>正在向县仲裁院注册…</source>
        <translation>Enrolling with the county arbitration court…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="485"/>
        <source>选择保存注册请求的文件夹（U 盘）</source>
        <translation>Choose a folder for the enrolment request (USB stick)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="487"/>
        <source>注册请求没有保存。需要时请重新注册。</source>
        <translation>The enrolment request was not saved. Enrol again when needed.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_page.py" line="492"/>
        <source>注册请求已写入 {path}。把它交给县仲裁院，再用“导入回执/下发文件…”导入县仲裁院的回执。</source>
        <translation>The enrolment request is written to {path}. Take it to the county arbitration court, then import the court&apos;s receipt with “Import receipt/downlink files…”.</translation>
    </message>
</context>
<context>
    <name>Tasks</name>
    <message>
        <location filename="../../desktop/ui/tasks.py" line="123"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tasks.py" line="125"/>
        <source>请稍候</source>
        <translation>Please wait</translation>
    </message>
</context>
<context>
    <name>TermBox</name>
    <message>
        <location filename="../../desktop/ui/terms_editor.py" line="34"/>
        <source>如：支付拖欠的工资</source>
        <translation>e.g. pay the wages owed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/terms_editor.py" line="44"/>
        <source>删除此项</source>
        <translation>Remove this term</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/terms_editor.py" line="46"/>
        <source>履行内容</source>
        <translation>What is to be done</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/terms_editor.py" line="47"/>
        <source>金额</source>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/terms_editor.py" line="48"/>
        <source>履行期限</source>
        <translation>Due by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/terms_editor.py" line="49"/>
        <source>履行方式</source>
        <translation>How</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/terms_editor.py" line="50"/>
        <source>付款方</source>
        <translation>Payer</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/terms_editor.py" line="51"/>
        <source>收款方</source>
        <translation>Payee</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/terms_editor.py" line="52"/>
        <source>收款账户</source>
        <translation>Payee&apos;s account</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/terms_editor.py" line="57"/>
        <source>第 {n} 项</source>
        <translation>Term {n}</translation>
    </message>
</context>
<context>
    <name>TermsEditor</name>
    <message>
        <location filename="../../desktop/ui/terms_editor.py" line="79"/>
        <source>增加一项</source>
        <translation>Add a term</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/terms_editor.py" line="114"/>
        <source>合计 {total} 元（{daxie}）</source>
        <translation>Total {total} ({daxie})</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <location filename="../../desktop/ui/registers.py" line="187"/>
        <location filename="../../desktop/ui/registers.py" line="214"/>
        <source>登录名</source>
        <translation>Login name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="188"/>
        <location filename="../../desktop/ui/registers.py" line="215"/>
        <location filename="../../desktop/ui/registers.py" line="234"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="189"/>
        <location filename="../../desktop/ui/registers.py" line="216"/>
        <location filename="../../desktop/ui/registers.py" line="235"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="190"/>
        <location filename="../../desktop/ui/registers.py" line="236"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="191"/>
        <source>建立</source>
        <translation>Created</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="194"/>
        <source>新增账户…</source>
        <translation>Add an account...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="195"/>
        <source>修改…</source>
        <translation>Edit...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="196"/>
        <source>重设密码…</source>
        <translation>Reset password...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="200"/>
        <source>已停用</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="203"/>
        <source>锁定至 {t}</source>
        <translation>Locked until {t}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="204"/>
        <source>正常</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="213"/>
        <source>新增账户</source>
        <translation>Add an account</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="217"/>
        <source>初始密码</source>
        <translation>First password</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="221"/>
        <source>密码至少 {n} 位。请把初始密码当面告诉本人，并请其登录后修改。</source>
        <translation>A password has at least {n} characters. Tell the first password to the person face to face, and ask them to change it after logging in.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="231"/>
        <source>可以登录</source>
        <translation>Can log in</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="233"/>
        <source>修改账户 {login}</source>
        <translation>Edit account {login}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="248"/>
        <source>重设 {login} 的密码</source>
        <translation>Reset the password of {login}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="249"/>
        <source>新密码</source>
        <translation>New password</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="252"/>
        <source>重设后账户的锁定随即解除。</source>
        <translation>Resetting the password also unlocks the account.</translation>
    </message>
</context>
<context>
    <name>WorkerModel</name>
    <message>
        <location filename="../../desktop/ui/worker_list.py" line="83"/>
        <location filename="../../desktop/ui/worker_list.py" line="241"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/worker_list.py" line="83"/>
        <location filename="../../desktop/ui/worker_list.py" line="241"/>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/worker_list.py" line="83"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/worker_list.py" line="83"/>
        <source>代表</source>
        <translation>Representative</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/worker_list.py" line="84"/>
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/worker_list.py" line="242"/>
        <source>与第 {row} 行{what}重复</source>
        <translation>Same {what} as row {row}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/worker_list.py" line="271"/>
        <source>请填写姓名</source>
        <translation>Enter a name</translation>
    </message>
</context>
<context>
    <name>WorkerTable</name>
    <message>
        <location filename="../../desktop/ui/worker_list.py" line="370"/>
        <source>删除所选行</source>
        <translation>Delete selected rows</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/worker_list.py" line="392"/>
        <source>劳动者名单：{count} 人（可直接修改；选中行后按 Delete 删除；在“代表”列勾选推举的代表）</source>
        <translation>Worker list: {count} (edit in place; select rows and press Delete to remove them; tick the elected representatives in the Representative column)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/worker_list.py" line="397"/>
        <source>名单中有 {count} 行需要改正（见“问题”列，第一处在第 {row} 行）</source>
        <translation>{count} row(s) of the list need correcting (see the Problem column; the first is row {row})</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../desktop/ui/app.py" line="36"/>
        <source>调解台</source>
        <translation>Tiaojie Desk</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app.py" line="251"/>
        <source>这个工作站原先在 {old}，现在在 {new}。须由管理员登录并确认后才能使用。</source>
        <translation>This station was at {old} and is now at {new}. An administrator must log in and confirm it before it can be used.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app.py" line="256"/>
        <source>这个工作站原先在 {old}，现在在 {new}。

若是搬迁或从备份恢复、原位置不再使用，请确认以后在这里使用。若是复制出来的副本，请选“否”并不要使用它：两份同时使用会产生重复的案号。

确认这里是本工作站的新位置吗？</source>
        <translation>This station was at {old} and is now at {new}.

If it was moved or restored from a backup and the old place is no longer used, confirm that it is used here from now on. If it is a copy, choose No and do not use it: two copies in use would issue the same case numbers.

Is this the station&apos;s new place?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app.py" line="292"/>
        <source>电脑日期（{today}）早于本站已记录的最近日期（{latest}），请先核对电脑的日期和时间。</source>
        <translation>The computer&apos;s date ({today}) is earlier than the latest day this station has recorded ({latest}). Check the computer&apos;s date and time first.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app.py" line="297"/>
        <source>节假日数据有问题，期限可能算错：
{problems}</source>
        <translation>The holiday data has problems; deadlines may be wrong:
{problems}</translation>
    </message>
</context>
<context>
    <name>case_page</name>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="423"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="425"/>
        <source>被申请人</source>
        <translation>Respondent</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="439"/>
        <source>是</source>
        <translation>yes</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="440"/>
        <source>否</source>
        <translation>no</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="442"/>
        <source>第 {n} 项</source>
        <translation>term {n}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="445"/>
        <source>第 {n} 步</source>
        <translation>step {n}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="446"/>
        <source>{label}：{value}</source>
        <translation>{label}: {value}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="449"/>
        <source>协议事项 {n} 项</source>
        <translation>Agreement terms: {n}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="452"/>
        <source>提示：{warnings}</source>
        <translation>Note: {warnings}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="454"/>
        <source>；</source>
        <comment>between the fields of an event</comment>
        <translation>; </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="462"/>
        <source>尚无调解协议。</source>
        <translation>No agreement yet.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="465"/>
        <source>和解协议，{day} 达成，一式 {copies} 份，合计 {total} 元（{daxie}）</source>
        <translation>Settlement agreement, reached on {day}, copies: {copies}, total {total} ({daxie})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="467"/>
        <source>调解协议，{day} 达成，一式 {copies} 份，合计 {total} 元（{daxie}）</source>
        <translation>Mediation agreement, reached on {day}, copies: {copies}, total {total} ({daxie})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="472"/>
        <source>{i}. {item}：{amount} 元，{due} 前，{method}，{payer} 支付给 {payee}</source>
        <translation>{i}. {item}: {amount} by {due}, {method}, paid by {payer} to {payee}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="475"/>
        <source>{i}. {item}：{amount} 元，{due} 前，{method}</source>
        <translation>{i}. {item}: {amount} by {due}, {method}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="480"/>
        <source>签署情况：</source>
        <translation>Signatures:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="483"/>
        <source>  {signer}：已签 {day}</source>
        <translation>  {signer}: signed on {day}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="484"/>
        <source>  {signer}：未签</source>
        <translation>  {signer}: not signed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="487"/>
        <source>生效日期：{day}</source>
        <translation>In force since: {day}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_page.py" line="489"/>
        <source>尚未生效（须各方签名并加盖印章）</source>
        <translation>Not in force yet (every party must sign, and the seal must be affixed)</translation>
    </message>
</context>
<context>
    <name>case_table</name>
    <message>
        <location filename="../../desktop/ui/case_table.py" line="47"/>
        <source>{name} 等{n}人</source>
        <translation>{name} et al. ({n})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case_table.py" line="54"/>
        <source>{name} 等{n}家</source>
        <translation>{name} et al. ({n})</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <location filename="../../desktop/ui/errors.py" line="34"/>
        <source>请检查磁盘空间和数据文件夹的权限；如果问题一直存在，请联系管理员，并不要删除数据文件夹。</source>
        <translation>Check the free disk space and the permissions of the data folder. If the problem persists, contact your administrator, and do not delete the data folder.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="61"/>
        <location filename="../../desktop/ui/errors.py" line="67"/>
        <source>无法完成操作</source>
        <translation>The operation could not be completed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="63"/>
        <source>未获准</source>
        <translation>Not permitted</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="65"/>
        <source>请检查输入</source>
        <translation>Please check your input</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="69"/>
        <source>程序出错</source>
        <translation>Program error</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/errors.py" line="70"/>
        <source>程序遇到了一个错误，刚才的操作没有完成，已保存的数据不受影响。请点“显示详细信息”复制报告，发给技术支持。</source>
        <translation>The program ran into an error. The last operation was not completed; data already saved is not affected. Click “Show Details...” to copy the report and send it to technical support.</translation>
    </message>
</context>
<context>
    <name>event_dialog</name>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="47"/>
        <location filename="../../desktop/ui/event_dialog.py" line="48"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="49"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="50"/>
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="51"/>
        <source>调解员</source>
        <translation>Mediator</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="52"/>
        <source>参加人员</source>
        <translation>Present</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="53"/>
        <source>延长至</source>
        <translation>Extended to</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="54"/>
        <source>申请人同意</source>
        <translation>Applicant agrees</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="55"/>
        <source>被申请人同意</source>
        <translation>Respondent agrees</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="56"/>
        <source>授权文书</source>
        <translation>Power of attorney</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="57"/>
        <source>授权范围</source>
        <translation>Scope of the authority</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="58"/>
        <source>协议内容</source>
        <translation>Terms of the agreement</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="59"/>
        <source>其他约定</source>
        <translation>Other provisions</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="60"/>
        <source>协议份数</source>
        <translation>Number of copies</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="61"/>
        <source>接受委派的组织</source>
        <translation>Organisation the case is delegated to</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="62"/>
        <source>方式</source>
        <translation>Method</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="63"/>
        <source>法院案号</source>
        <translation>Court case number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="64"/>
        <source>签署方</source>
        <translation>Signed by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="65"/>
        <source>已支付金额</source>
        <translation>Amount paid</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="66"/>
        <source>未履行的事项</source>
        <translation>Terms not performed</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="81"/>
        <source>协议事项</source>
        <translation>Agreement term</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="88"/>
        <source>要更正的步骤</source>
        <translation>Step to correct</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="67"/>
        <source>回访人</source>
        <translation>Followed up by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="68"/>
        <source>履行情况</source>
        <translation>Performance</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="69"/>
        <source>当事人评价</source>
        <translation>Parties&apos; opinion</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="70"/>
        <source>风险等级</source>
        <translation>Risk level</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="71"/>
        <source>措施</source>
        <translation>Measures</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="72"/>
        <source>评估人</source>
        <translation>Assessed by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="73"/>
        <source>送达方式</source>
        <translation>Served by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="74"/>
        <source>受理机关</source>
        <translation>Receiving authority</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="75"/>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="76"/>
        <source>法院</source>
        <translation>Court</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="77"/>
        <source>备案号</source>
        <translation>Filing number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="78"/>
        <source>报告内容</source>
        <translation>Report</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="79"/>
        <source>材料已退回</source>
        <translation>Papers returned</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="80"/>
        <source>审核人</source>
        <translation>Reviewed by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="82"/>
        <source>建议书类型</source>
        <translation>Kind of recommendation</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="83"/>
        <source>送达对象</source>
        <translation>Addressee</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="84"/>
        <source>发现的问题</source>
        <translation>Problems found</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="85"/>
        <source>反馈期限</source>
        <translation>Reply due by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="86"/>
        <source>响应人</source>
        <translation>Replied by</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="87"/>
        <source>报告文号</source>
        <translation>Report number</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="89"/>
        <source>正确日期</source>
        <translation>Correct date</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="90"/>
        <source>下次调解日期</source>
        <translation>Next session</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="96"/>
        <source>笔录要点</source>
        <translation>Record of the session</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/event_dialog.py" line="97"/>
        <source>回访记录</source>
        <translation>Follow-up notes</translation>
    </message>
</context>
<context>
    <name>i18n</name>
    <message>
        <location filename="../../desktop/ui/i18n.py" line="36"/>
        <source>、</source>
        <comment>between the items of a list</comment>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>models</name>
    <message>
        <location filename="../../desktop/ui/models.py" line="47"/>
        <source>还剩 {n} 天</source>
        <translation>{n} d left</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="49"/>
        <source>今天到期</source>
        <translation>due today</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="50"/>
        <source>已超期 {n} 天</source>
        <translation>{n} d overdue</translation>
    </message>
</context>
<context>
    <name>printing</name>
    <message>
        <location filename="../../desktop/ui/printing.py" line="71"/>
        <source>打印预览 — {title}</source>
        <translation>Print preview — {title}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printing.py" line="86"/>
        <source>正在准备打印……</source>
        <translation>Preparing to print…</translation>
    </message>
</context>
<context>
    <name>registers</name>
    <message>
        <location filename="../../desktop/ui/registers.py" line="482"/>
        <source>两次输入的新密码不一致</source>
        <translation>The two new passwords differ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="492"/>
        <source>修改密码</source>
        <translation>Change password</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="493"/>
        <source>原密码</source>
        <translation>Current password</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="494"/>
        <source>新密码</source>
        <translation>New password</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/registers.py" line="495"/>
        <source>再次输入新密码</source>
        <translation>New password again</translation>
    </message>
</context>
<context>
    <name>sync_dialogs</name>
    <message>
        <location filename="../../desktop/ui/sync_dialogs.py" line="120"/>
        <source>选择县仲裁院的注册文件</source>
        <translation>Choose the county arbitration court&apos;s enrolment file</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_dialogs.py" line="121"/>
        <source>注册文件 (*.tjenrol)</source>
        <translation>Enrolment files (*.tjenrol)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_dialogs.py" line="134"/>
        <source>选择县仲裁院的回执或下发文件</source>
        <translation>Choose the county arbitration court&apos;s receipt or downlink files</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_dialogs.py" line="135"/>
        <source>同步文件 (*.tjsync)</source>
        <translation>Sync files (*.tjsync)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_dialogs.py" line="142"/>
        <source>全部重新发送</source>
        <translation>Re-send everything</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_dialogs.py" line="143"/>
        <source>县仲裁院的数据与本站不一致。下次发送时将把本站全部案件重新发送一遍，数据多时需要较长时间。确定吗？</source>
        <translation>The county arbitration court&apos;s data differ from this station&apos;s. At the next send every case of this station is sent again, which takes a while with much data. Go ahead?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_dialogs.py" line="151"/>
        <source>重新注册</source>
        <translation>Enrol again</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sync_dialogs.py" line="152"/>
        <source>本站已向县仲裁院注册。只有县仲裁院给了新的注册文件（例如忘记了同步密钥口令）时才需要重新注册：将生成新的同步密钥，原有回执存档，全部数据重新发送给县仲裁院。继续吗？</source>
        <translation>This station is enrolled with the county arbitration court. Enrol again only with a new enrolment file from the county (a forgotten sync key passphrase, say): new sync keys are made, the receipts so far are archived and everything is sent to the county again. Continue?</translation>
    </message>
</context>
<context>
    <name>verify_dialog</name>
    <message>
        <location filename="../../desktop/ui/verify_dialog.py" line="29"/>
        <source>选择要核验的文书</source>
        <translation>Choose the document to check</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_dialog.py" line="42"/>
        <source>正在核验文书……</source>
        <translation>Checking the document…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/verify_dialog.py" line="49"/>
        <source>文书核验</source>
        <translation>Document check</translation>
    </message>
</context>
</TS>
